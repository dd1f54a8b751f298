/**
 * TokenFence resource filter: local verification of access tokens and a revocation blacklist kept current from the
 * revocation topic. The revocation event contract arrives with the revocation-events work.
 */
package io.tokenfence.filter;
