package dev.tandem.console.commands;

import dev.tandem.console.connection.AgentAddress;
import dev.tandem.contract.cli.TandemctlCommands.Command;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every request the console sends, with its tandemctl line (from the contract's
 * {@link dev.tandem.contract.cli.TandemctlCommands}, the one home of that mapping) and its
 * outcome. Kept in memory for this session and, once {@link #persistTo} named a file, appended
 * to it on a background thread, so the log survives a restart of the console and the FX thread
 * never waits on the disk. The file is tab-separated, one line per change of an entry (sent,
 * then answered); reading it takes the last line of each id. Thread-safe.
 */
public final class CommandLog implements AutoCloseable {
    /** Entries kept in memory (and read back from the file): the newest ones. */
    public static final int LIMIT = 2000;
    private static final Logger log = LoggerFactory.getLogger(CommandLog.class);

    private final LongSupplier clock;
    private final Map<Long, CommandEntry> entries = new LinkedHashMap<>();
    private long nextId = 1;
    private long version;
    private Path file;
    private ExecutorService writer;

    public CommandLog(LongSupplier clock) {
        this.clock = clock;
    }

    /** What an answer is: the handle a sender completes once the agent answered. */
    public interface Pending {
        void done(String outcome, boolean failed);
    }

    /**
     * Reads the entries an earlier session wrote to {@code file} (a missing file is an empty log)
     * and appends every new change to it from now on.
     */
    public synchronized void persistTo(Path file) {
        try {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    CommandEntry e = parse(line);
                    if (e != null) {
                        entries.put(e.id(), e);
                        nextId = Math.max(nextId, e.id() + 1);
                    }
                }
                trim();
            } else if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the command log " + file + ": " + e.getMessage(), e);
        }
        this.file = file;
        writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "command-log-writer");
            t.setDaemon(true);
            return t;
        });
        version++;
    }

    /** The file the log is kept in, or null when it is kept in memory only. */
    public synchronized Path file() {
        return file;
    }

    /** Records a request as it is sent; complete the returned handle with the agent's answer. */
    public synchronized Pending sent(AgentAddress agent, String group, Command command) {
        String where = agent.toString();
        CommandEntry e = new CommandEntry(nextId++, clock.getAsLong(), where, group == null ? "" : group,
                command.label(), command.line(where), "", false);
        put(e);
        return (outcome, failed) -> complete(e.id(), outcome, failed);
    }

    private synchronized void complete(long id, String outcome, boolean failed) {
        CommandEntry e = entries.get(id);
        if (e != null) {
            put(e.withOutcome(outcome, failed));
        }
    }

    private void put(CommandEntry e) {
        entries.put(e.id(), e);
        trim();
        version++;
        if (writer != null) {
            Path f = file;
            String line = format(e) + "\n";
            writer.execute(() -> {
                try {
                    Files.writeString(f, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                } catch (IOException x) {
                    log.warn("cannot append to the command log {}: {}", f, x.getMessage());
                }
            });
        }
    }

    private void trim() {
        while (entries.size() > LIMIT) {
            entries.remove(entries.keySet().iterator().next());
        }
    }

    /** Changes with every change of the log: equal values mean {@link #entries()} is unchanged. */
    public synchronized long version() {
        return version;
    }

    /** Oldest first. */
    public synchronized List<CommandEntry> entries() {
        return new ArrayList<>(entries.values());
    }

    /** Waits (bounded) until every change so far is on disk: for a clean exit and for tests. */
    public void flush() {
        ExecutorService w;
        synchronized (this) {
            w = writer;
        }
        if (w == null) {
            return;
        }
        try {
            w.submit(() -> { }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("the command log did not flush: {}", e.toString());
        }
    }

    @Override
    public void close() {
        flush();
        synchronized (this) {
            if (writer != null) {
                writer.shutdown();
            }
        }
    }

    static String format(CommandEntry e) {
        return String.join("\t", Long.toString(e.id()), Long.toString(e.at()), esc(e.agent()), esc(e.group()),
                esc(e.label()), esc(e.line()), e.failed() ? "failed" : "ok", esc(e.outcome()));
    }

    /** A line of the file, or null for one this build cannot read (skipped, not fatal). */
    static CommandEntry parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 8) {
            return null;
        }
        try {
            return new CommandEntry(Long.parseLong(f[0]), Long.parseLong(f[1]), unesc(f[2]), unesc(f[3]), unesc(f[4]),
                    unesc(f[5]), unesc(f[7]), f[6].equals("failed"));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String esc(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    private static String unesc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(switch (n) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> n;
                });
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
