package dev.tandem.agent.critical;

/** An in-process critical service of the emulated node: it runs until stopped, and can be made to fail its start. */
public final class EmulatedService implements ServiceBinding {
    private volatile boolean running = true;
    private volatile String startFailure;

    @Override
    public String describe() {
        return "emulated";
    }

    @Override
    public boolean check() {
        return running;
    }

    @Override
    public void start() {
        String f = startFailure;
        if (f != null) {
            throw new IllegalStateException(f);
        }
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    /** From now on a start fails with {@code error}; null makes starts succeed again. */
    public void failStarts(String error) {
        startFailure = error;
    }
}
