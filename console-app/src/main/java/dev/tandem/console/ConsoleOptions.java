package dev.tandem.console;

import dev.tandem.console.connection.AgentAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Command line: {@code --agent host:port} (repeatable), {@code --profile file} (one host:port per
 * line, {@code #} comments), {@code --demo} (start an embedded demo pair through a
 * {@link DemoPairLauncher}, when the build has one).
 */
public record ConsoleOptions(List<AgentAddress> agents, boolean demo) {

    public static final String USAGE = "usage: tandem-console [--agent host:port]... [--profile file] [--demo]";

    public static ConsoleOptions parse(List<String> args) {
        Set<AgentAddress> agents = new LinkedHashSet<>();
        boolean demo = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--agent" -> agents.add(AgentAddress.parse(value(args, ++i, a)));
                case "--profile" -> agents.addAll(readProfile(Path.of(value(args, ++i, a))));
                case "--demo" -> demo = true;
                default -> {
                    if (a.startsWith("--agent=")) {
                        agents.add(AgentAddress.parse(a.substring("--agent=".length())));
                    } else if (a.startsWith("--profile=")) {
                        agents.addAll(readProfile(Path.of(a.substring("--profile=".length()))));
                    } else {
                        throw new IllegalArgumentException("unknown option '" + a + "'\n" + USAGE);
                    }
                }
            }
        }
        return new ConsoleOptions(List.copyOf(agents), demo);
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args.get(i);
    }

    static List<AgentAddress> readProfile(Path file) {
        try {
            List<AgentAddress> out = new ArrayList<>();
            int n = 0;
            for (String line : Files.readAllLines(file)) {
                n++;
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                if (t.startsWith("agent=")) {
                    t = t.substring(6).strip();
                }
                try {
                    out.add(AgentAddress.parse(t));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + " line " + n + ": " + e.getMessage());
                }
            }
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read profile " + file + ": " + e.getMessage());
        }
    }
}
