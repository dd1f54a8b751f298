package io.tokenfence.auth.rotation;

import org.springframework.test.context.TestPropertySource;

/**
 * Every rotation rule again with {@code tokenfence.auth.refresh.locking=always}: the session lock is taken before
 * every rotation instead of only by a refresh that lost the compare-and-set (the default). The answers must be the
 * same, including fifty concurrent refreshes of one token.
 */
@TestPropertySource(properties = "tokenfence.auth.refresh.locking=always")
class RotationAlwaysLockingTest extends RefreshRotationTest {
}
