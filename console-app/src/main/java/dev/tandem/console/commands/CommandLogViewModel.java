package dev.tandem.console.commands;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The command log, newest first: every request this console sent (this session and, when the
 * log is kept in a file, earlier ones), each with its tandemctl line to copy into a runbook or
 * a change ticket.
 */
public final class CommandLogViewModel {
    private final CommandLog log;
    private final ObservableList<CommandEntry> all = FXCollections.observableArrayList();
    private final FilteredList<CommandEntry> shown = new FilteredList<>(all);
    private final StringProperty filter = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper whereKept = new ReadOnlyStringWrapper("");
    private long seenVersion = -1;

    public CommandLogViewModel(CommandLog log) {
        this.log = log;
        filter.addListener((o, a, f) -> {
            String needle = f == null ? "" : f.strip().toLowerCase(Locale.ROOT);
            shown.setPredicate(needle.isEmpty() ? null : e -> (e.agent() + " " + e.group() + " " + e.label() + " "
                    + e.line() + " " + e.outcome()).toLowerCase(Locale.ROOT).contains(needle));
        });
    }

    public ObservableList<CommandEntry> rows() {
        return shown;
    }

    public StringProperty filterProperty() {
        return filter;
    }

    /** Where the log is kept, for the line under the table. */
    public ReadOnlyStringProperty whereKeptProperty() {
        return whereKept.getReadOnlyProperty();
    }

    /** Drain timer: takes the log's entries when they changed. */
    public void refresh() {
        long v = log.version();
        if (v == seenVersion) {
            return;
        }
        seenVersion = v;
        List<CommandEntry> fresh = new ArrayList<>(log.entries());
        Collections.reverse(fresh);
        all.setAll(fresh);
        whereKept.set(log.file() == null ? "Kept for this session only (no state folder)."
                : "Kept in " + log.file() + " (read back when the console starts).");
    }

    /** The text Copy puts on the clipboard for the given entries: one tandemctl line each, oldest first. */
    public static String copyText(List<CommandEntry> entries) {
        List<CommandEntry> ordered = new ArrayList<>(entries);
        ordered.sort(java.util.Comparator.comparingLong(CommandEntry::id));
        return ordered.stream().map(CommandEntry::line).collect(Collectors.joining("\n"));
    }

    /** Every shown entry as a runbook: a comment with time, group and outcome, then the line. */
    public String runbookText() {
        List<CommandEntry> ordered = new ArrayList<>(shown);
        ordered.sort(java.util.Comparator.comparingLong(CommandEntry::id));
        StringBuilder b = new StringBuilder();
        for (CommandEntry e : ordered) {
            b.append("# ").append(dev.tandem.console.util.Ages.dateClockMillis(e.at())).append("  ")
                    .append(e.group().isBlank() ? "" : e.group() + ": ").append(e.label())
                    .append(e.outcome().isBlank() ? "" : " — " + e.outcome()).append('\n')
                    .append(e.line()).append('\n');
        }
        return b.toString();
    }
}
