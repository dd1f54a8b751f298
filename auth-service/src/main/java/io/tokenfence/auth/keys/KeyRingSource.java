package io.tokenfence.auth.keys;

/** Where the auth service gets its signing keys from. */
public interface KeyRingSource {

    /** The keys as of now; cheap enough to call per request. */
    KeyRing current();
}
