package dev.tandem.agent.presence.users;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The users' stored login secret hashes, with the XOR of one hash per (user, secret hash) for the
 * store digest's extras. Reads are lock-free; changes are made under the user store's lock.
 */
final class SecretHashes {
    private final Map<String, String> byUser = new ConcurrentHashMap<>();
    private volatile long digest;

    String get(String userId) {
        return byUser.get(userId);
    }

    void put(String userId, String hash) {
        String old = byUser.put(userId, hash);
        digest ^= StoreDigest.hashSecret(userId, hash) ^ (old == null ? 0 : StoreDigest.hashSecret(userId, old));
    }

    void putAll(Map<String, String> hashes) {
        hashes.forEach(this::put);
    }

    void remove(String userId) {
        String old = byUser.remove(userId);
        if (old != null) {
            digest ^= StoreDigest.hashSecret(userId, old);
        }
    }

    Map<String, String> copy() {
        return Map.copyOf(byUser);
    }

    long digest() {
        return digest;
    }
}
