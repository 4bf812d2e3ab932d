package dev.tandem.tools.campaign;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One real agent as its own OS process (the campaign's node). Where it listens and how it
 * reaches its peer is the round's {@link PairNetwork} (a cuttable relay, or its own network
 * namespace: then it runs under {@code ip netns exec}, which execs java in place, so the PID
 * is the agent's); faults are real signals (SIGKILL, SIGSTOP, SIGCONT, SIGTERM for an orderly
 * stop). Fixed ports chosen by the campaign, so a restarted agent is found where it was.
 */
final class AgentProcess {
    final String name;
    final String peer;
    final int servicePort;
    final int adminPort;
    final int clientPort;
    private final Path dataDir;
    private final Path log;
    private final List<String> settings;
    private PairNetwork network;
    private Process process;
    private boolean stopped;

    AgentProcess(String name, String peer, int servicePort, int adminPort, int clientPort, Path dataDir,
                 List<String> settings) {
        this.name = name;
        this.peer = peer;
        this.servicePort = servicePort;
        this.adminPort = adminPort;
        this.clientPort = clientPort;
        this.dataDir = dataDir;
        this.log = dataDir.resolveSibling(name + ".log");
        this.settings = List.copyOf(settings);
    }

    /** Where it listens and finds its peer; set before {@link #start}. */
    void network(PairNetwork net) {
        this.network = net;
    }

    String adminTarget() {
        return network.host(name) + ":" + adminPort;
    }

    String clientTarget() {
        return network.host(name) + ":" + clientPort;
    }

    Path dataDir() {
        return dataDir;
    }

    Path log() {
        return log;
    }

    synchronized void start() throws IOException {
        process = ChildProcesses.track(new ProcessBuilder(command()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start());
        stopped = false;
    }

    /** The agent's command line as the network wants it. */
    List<String> command() {
        List<String> cmd = new ArrayList<>(network.launcher(name));
        cmd.addAll(List.of(javaBin(), "-Xmx256m", "-XX:+UseSerialGC",
                "-Dtandem.test.wall-clock-file=" + clockFile(),
                "-cp", System.getProperty("java.class.path"), "dev.tandem.agent.service.AgentMain",
                "--node", name, "--peer", peer, "--peer-address", network.peerAddress(name),
                "--service-port", Integer.toString(servicePort), "--admin-port", Integer.toString(adminPort),
                "--bind", network.bind(name), "--data-dir", dataDir.toString(),
                "--set", "client.port=" + clientPort));
        for (String s : settings) {
            cmd.add("--set");
            cmd.add(network.settingFor(name, s));
        }
        return cmd;
    }

    /** The agent's wall-clock test hook file (WallClockStepFile): the total offset in ms. */
    private Path clockFile() {
        return dataDir.resolveSibling(name + ".wall-clock-offset");
    }

    /**
     * Sets the agent's wall-clock offset (0 = the machine's clock) through its test hook; the
     * agent reads it within 100 ms, a restarted agent too. Written whole, then moved into place.
     */
    void stepWallClock(long totalOffsetMs) throws IOException {
        Path tmp = clockFile().resolveSibling(name + ".wall-clock-offset.tmp");
        java.nio.file.Files.writeString(tmp, Long.toString(totalOffsetMs));
        java.nio.file.Files.move(tmp, clockFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    synchronized void kill() throws InterruptedException {
        if (alive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** SIGTERM: the agent's shutdown hook stops it in an orderly way (the peer is told). */
    synchronized void stopOrderly() throws IOException, InterruptedException {
        if (alive()) {
            if (stopped) {
                resume();
            }
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    synchronized void pause() throws IOException, InterruptedException {
        if (alive()) {
            signal("STOP");
            stopped = true;
        }
    }

    synchronized void resume() throws IOException, InterruptedException {
        if (alive() && stopped) {
            signal("CONT");
            stopped = false;
        }
    }

    synchronized boolean paused() {
        return stopped;
    }

    private void signal(String sig) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("kill", "-" + sig, Long.toString(process.pid())).start();
        if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("kill -" + sig + " " + process.pid() + " failed");
        }
    }

    private static String javaBin() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
