package dev.tandem.agent.critical;

/** A real service: checked by a probe, started and stopped by configured commands. */
public final class ProbeBinding implements ServiceBinding {
    private final Probe probe;
    private final String startCommand;
    private final String stopCommand;

    public ProbeBinding(Probe probe, String startCommand, String stopCommand) {
        this.probe = probe;
        this.startCommand = blankToNull(startCommand);
        this.stopCommand = blankToNull(stopCommand);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public String describe() {
        return probe.describe();
    }

    @Override
    public boolean check() throws Exception {
        probe.probe();
        return true;
    }

    @Override
    public void start() throws Exception {
        if (startCommand == null) {
            throw new IllegalStateException("no start command configured for " + probe.describe());
        }
        Commands.run(startCommand);
    }

    @Override
    public void stop() throws Exception {
        if (stopCommand == null) {
            throw new IllegalStateException("no stop command configured for " + probe.describe());
        }
        Commands.run(stopCommand);
    }
}
