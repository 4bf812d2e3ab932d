package dev.tandem.console;

import dev.tandem.console.connection.AgentAddress;
import dev.tandem.console.util.Theme;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Command line: {@code --agent host:port} (repeatable), {@code --profile file} (a saved setup:
 * agents, credential, group, open view, charts; see {@link dev.tandem.console.profile.ProfileFile}),
 * {@code --demo} (start an embedded demo pair through a {@link DemoPairLauncher}, when the build
 * has one), and the credential: {@code --pki DIR --as NAME} (default {@code $TANDEM_PKI} or
 * {@code pki}, {@code $TANDEM_AS} or {@code operator}) or {@code --insecure}; {@code --theme light|dark}
 * (default light; the window's switch changes it while running); {@code --state-dir DIR} where the
 * command log is kept ({@link #defaultStateDir()}).
 */
public record ConsoleOptions(List<AgentAddress> agents, boolean demo, dev.tandem.console.connection.Credentials credentials,
                             Theme theme, Path stateDir, dev.tandem.console.profile.Profile profile) {

    public static final String USAGE = "usage: tandem-console [--agent host:port]... [--profile file] [--demo]"
            + " [--pki DIR] [--as NAME] [--insecure] [--theme light|dark] [--state-dir DIR]";

    public ConsoleOptions(List<AgentAddress> agents, boolean demo, dev.tandem.console.connection.Credentials credentials) {
        this(agents, demo, credentials, Theme.LIGHT, defaultStateDir(), null);
    }

    public ConsoleOptions(List<AgentAddress> agents, boolean demo) {
        this(agents, demo, dev.tandem.console.connection.Credentials.fromPki(Path.of("pki"), "operator"));
    }

    /**
     * Where the console keeps what outlives a session (the command log): $TANDEM_CONSOLE_STATE,
     * else $XDG_STATE_HOME/tandem-console, else ~/.local/state/tandem-console.
     */
    public static Path defaultStateDir() {
        String explicit = System.getenv("TANDEM_CONSOLE_STATE");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = System.getenv("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home", "."), ".local", "state");
        return base.resolve("tandem-console");
    }

    /** The command log's file in {@link #stateDir}. */
    public Path commandLogFile() {
        return stateDir.resolve("command-log.tsv");
    }

    public static ConsoleOptions parse(List<String> args) {
        Set<AgentAddress> agents = new LinkedHashSet<>();
        boolean demo = false;
        Path stateDir = defaultStateDir();
        dev.tandem.console.profile.Profile profile = null;
        Theme theme = Theme.LIGHT;
        String[] cred = {System.getenv().getOrDefault("TANDEM_PKI", "pki"), System.getenv().getOrDefault("TANDEM_AS", "operator"), "false"};
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--agent" -> agents.add(AgentAddress.parse(value(args, ++i, a)));
                case "--profile" -> {
                    profile = profile(Path.of(value(args, ++i, a)), cred);
                    agents.addAll(profile.agents());
                }
                case "--demo" -> demo = true;
                case "--pki" -> cred[0] = value(args, ++i, a);
                case "--as" -> cred[1] = value(args, ++i, a);
                case "--insecure" -> cred[2] = "true";
                case "--state-dir" -> stateDir = Path.of(value(args, ++i, a));
                case "--theme" -> theme = Theme.parse(value(args, ++i, a));
                default -> {
                    if (a.startsWith("--agent=")) {
                        agents.add(AgentAddress.parse(a.substring("--agent=".length())));
                    } else if (a.startsWith("--theme=")) {
                        theme = Theme.parse(a.substring("--theme=".length()));
                    } else if (a.startsWith("--profile=")) {
                        profile = profile(Path.of(a.substring("--profile=".length())), cred);
                        agents.addAll(profile.agents());
                    } else {
                        throw new IllegalArgumentException("unknown option '" + a + "'\n" + USAGE);
                    }
                }
            }
        }
        var credentials = cred[2].equals("true") ? dev.tandem.console.connection.Credentials.INSECURE
                : dev.tandem.console.connection.Credentials.fromPki(Path.of(cred[0]), cred[1]);
        return new ConsoleOptions(List.copyOf(agents), demo, credentials, theme, stateDir, profile);
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args.get(i);
    }

    static List<AgentAddress> readProfile(Path file) {
        return profile(file, new String[] {"pki", "operator", "false"}).agents();
    }

    /** Reads a profile (ProfileFile); its {@code pki}, {@code as} and {@code insecure} lines set {@code cred} (dir, name, insecure). */
    static dev.tandem.console.profile.Profile profile(Path file, String[] cred) {
        var p = dev.tandem.console.profile.ProfileFile.read(file);
        if (p.pki() != null) {
            cred[0] = p.pki();
        }
        if (p.as() != null) {
            cred[1] = p.as();
        }
        if (p.insecure() != null) {
            cred[2] = String.valueOf(p.insecure());
        }
        return p;
    }
}
