package dev.tandem.contract.demo;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Hook for the embedded demo pair: starts two real agents in this process and returns their
 * admin addresses. The console has no implementation of its own, so its compile classpath holds
 * no agent class; the tools module provides one (registered in
 * {@code META-INF/services/dev.tandem.contract.demo.DemoPairLauncher}) and is on the console's
 * runtime classpath only.
 */
public interface DemoPairLauncher extends AutoCloseable {

    /** Starts the pair; returns the admin API addresses of its agents as {@code host:port}. */
    List<String> start() throws Exception;

    /**
     * The credential the console presents to the demo pair, as PEM file paths under the keys
     * {@code ca}, {@code cert} and {@code key} (its own throwaway PKI); empty = plaintext.
     * Valid after {@link #start()}.
     */
    default java.util.Map<String, String> credentials() {
        return java.util.Map.of();
    }

    /** Stops the pair (called when the console closes). */
    @Override
    void close();

    /** The first launcher on the classpath, if any. */
    static Optional<DemoPairLauncher> find() {
        return ServiceLoader.load(DemoPairLauncher.class).findFirst();
    }
}
