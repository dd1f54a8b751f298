package io.tokenfence.auth.rotation;

import org.springframework.test.context.TestPropertySource;

/**
 * The refresh rate-limit rules again with {@code tokenfence.auth.refresh.locking=always}, where the permit is spent
 * before rotating rather than looked at before and spent after the compare-and-set has won (the default).
 */
@TestPropertySource(properties = "tokenfence.auth.refresh.locking=always")
class RefreshRateLimitAlwaysLockingTest extends RefreshRateLimitTest {
}
