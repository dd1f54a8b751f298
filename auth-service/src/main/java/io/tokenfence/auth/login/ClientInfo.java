package io.tokenfence.auth.login;

/**
 * The device a session is for, as the request describes it.
 *
 * @param ip client address (honours forwarded headers when {@code server.forward-headers-strategy} is set)
 * @param userAgent the {@code User-Agent}, truncated to a sane length
 */
public record ClientInfo(String ip, String userAgent) {

    private static final int MAX_USER_AGENT = 256;

    public ClientInfo {
        ip = ip == null ? "unknown" : ip;
        userAgent = userAgent == null ? "" : userAgent.length() > MAX_USER_AGENT
                ? userAgent.substring(0, MAX_USER_AGENT) : userAgent;
    }
}
