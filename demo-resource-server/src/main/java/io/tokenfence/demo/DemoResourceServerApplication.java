package io.tokenfence.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A resource server protected by resource-filter-lib: no security code of its own. */
@SpringBootApplication
public class DemoResourceServerApplication {

    public static void main(String[] args) {
        SpringApplication.run(DemoResourceServerApplication.class, args);
    }
}
