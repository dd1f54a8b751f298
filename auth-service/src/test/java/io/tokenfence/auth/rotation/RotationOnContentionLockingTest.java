package io.tokenfence.auth.rotation;

import org.springframework.test.context.TestPropertySource;

/**
 * Every rotation rule again with {@code tokenfence.auth.refresh.locking=on-contention}: the compare-and-set runs first
 * and the session lock is taken only by a refresh that loses it. The answers must be the same as with the lock taken
 * every time, including fifty concurrent refreshes of one token.
 */
@TestPropertySource(properties = "tokenfence.auth.refresh.locking=on-contention")
class RotationOnContentionLockingTest extends RefreshRotationTest {
}
