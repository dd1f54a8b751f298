package io.tokenfence.testsupport.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the annotated test class real infrastructure: a Redis server of its own, started before the class and stopped
 * after it. Read its address with {@link RealServicesExtension#redis()}, typically from a
 * {@code @DynamicPropertySource} method. Kafka is shared: {@link RealServicesExtension#kafka()} starts one broker per
 * JVM on first use, and {@link RealServicesExtension#kafkaTopic()} gives the class a topic of its own.
 *
 * <p>Declare it before {@code @SpringBootTest} so the server starts before, and stops after, the application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RealServicesExtension.class)
public @interface RealServices {
}
