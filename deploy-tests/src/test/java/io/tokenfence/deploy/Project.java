package io.tokenfence.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Files of the repository that the deployment tests check, found from the Maven build or the working directory. */
final class Project {

    private Project() {
    }

    static Path root() {
        String configured = System.getProperty("tokenfence.project-root");
        Path dir = configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("Run from inside the TokenFence repository");
        }
        return dir;
    }

    static Path file(String relative) {
        return root().resolve(relative);
    }

    /** An application's executable jar; the reactor builds it before this module. */
    static Path bootJar(String module) {
        Path jar = file(module + "/target/" + module + "-0.1.0-SNAPSHOT.jar");
        assertThat(jar).as("%s is built before deploy-tests (./mvnw -pl deploy-tests -am verify)", module)
                .isRegularFile();
        return jar;
    }

    /**
     * An application's image tar. Under a profile that builds images (images, images-offline, on by default in CI) a
     * missing tar fails the test; without one the test is skipped with the command that builds it.
     */
    static Path imageTar(String module) {
        Path tar = file(module + "/target/jib-image.tar");
        if (Boolean.getBoolean("tokenfence.images.required")) {
            assertThat(tar).as("the images profile builds %s", tar).isRegularFile();
        } else {
            assumeTrue(Files.isRegularFile(tar), () -> tar + " is not built: ./mvnw -B -Pimages-offline -pl "
                    + "deploy-tests -am verify");
        }
        return tar;
    }
}
