package io.tokenfence.demo.secured;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The demo resource server as a Spring Security resource server, with resource-filter-lib on the class path. */
@SpringBootApplication
public class SecuredResourceServerApplication {

    public static void main(String[] args) {
        SpringApplication.run(SecuredResourceServerApplication.class, args);
    }
}
