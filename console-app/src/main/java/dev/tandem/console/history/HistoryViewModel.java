package dev.tandem.console.history;

import dev.tandem.console.connection.ReceivedEvent;
import dev.tandem.console.util.Ages;
import dev.tandem.console.util.Names;
import dev.tandem.proto.admin.v1.HaEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The event history from every agent's WatchEvents, newest first: state changes with their
 * reasons and sentences, alerts, admin actions and their results, service changes. The same
 * event reported by both agents of a pair is listed once.
 */
public final class HistoryViewModel {
    static final int LIMIT = 5000;

    private final ObservableList<HistoryRow> all = FXCollections.observableArrayList();
    private final FilteredList<HistoryRow> shown = new FilteredList<>(all);
    private final StringProperty filter = new SimpleStringProperty("");
    private final Set<String> seen = new LinkedHashSet<>();
    private long commandsVersion = -1;
    static final String CONSOLE_COMMAND = "Console command";

    public HistoryViewModel() {
        filter.addListener((o, a, f) -> {
            String needle = f == null ? "" : f.trim().toLowerCase(Locale.ROOT);
            shown.setPredicate(needle.isEmpty() ? null : r -> (r.node() + " " + r.kind() + " " + r.change() + " "
                    + r.reason() + " " + r.sentence() + " " + r.detail()).toLowerCase(Locale.ROOT).contains(needle));
        });
    }

    public ObservableList<HistoryRow> rows() {
        return shown;
    }

    public StringProperty filterProperty() {
        return filter;
    }

    public void onEvents(List<ReceivedEvent> events) {
        List<HistoryRow> fresh = new ArrayList<>();
        for (ReceivedEvent r : events) {
            HaEvent e = r.event();
            String key = Ages.millis(e.getAt()) + "|" + e.getNode() + "|" + e.getKind() + "|" + e.getToState() + "|"
                    + e.getAlert() + "|" + e.getSentence();
            if (!seen.add(key)) {
                continue;
            }
            fresh.add(row(r));
        }
        if (fresh.isEmpty()) {
            return;
        }
        fresh.sort(Comparator.comparingLong(HistoryRow::at).reversed());
        List<HistoryRow> merged = new ArrayList<>(fresh.size() + all.size());
        merged.addAll(fresh);
        merged.addAll(all);
        merged.sort(Comparator.comparingLong(HistoryRow::at).reversed());
        if (merged.size() > LIMIT) {
            merged = merged.subList(0, LIMIT);
        }
        all.setAll(merged);
        while (seen.size() > LIMIT * 2) {
            seen.remove(seen.iterator().next());
        }
    }

    /**
     * The console's own command log, kept with the history: each request sent from this console
     * (this session and earlier ones, when the log has a file) is a row with its tandemctl line.
     */
    public void onCommands(dev.tandem.console.commands.CommandLog log) {
        long v = log.version();
        if (v == commandsVersion) {
            return;
        }
        commandsVersion = v;
        List<HistoryRow> merged = new ArrayList<>(all.stream().filter(r -> !CONSOLE_COMMAND.equals(r.kind())).toList());
        for (var e : log.entries()) {
            merged.add(new HistoryRow(e.at(), e.group(), CONSOLE_COMMAND, e.label(), "",
                    e.line(), e.outcome().isBlank() ? "waiting for the agent" : e.outcome(), e.agent()));
        }
        merged.sort(Comparator.comparingLong(HistoryRow::at).reversed());
        if (merged.size() > LIMIT) {
            merged = merged.subList(0, LIMIT);
        }
        all.setAll(merged);
    }

    static HistoryRow row(ReceivedEvent r) {
        HaEvent e = r.event();
        String kind;
        String change = "";
        String detail = e.getTrigger().isBlank() ? "" : "trigger: " + e.getTrigger();
        switch (e.getKind()) {
            case STATE_CHANGE -> {
                kind = "State change";
                change = Names.state(e.getFromState()) + " → " + Names.state(e.getToState());
            }
            case ALERT -> {
                kind = "Alert";
                change = Names.alert(e.getAlert());
            }
            case ADMIN_ACTION -> {
                kind = "Admin action";
                detail = join(detail, (e.getActor().isBlank() ? "" : "by " + e.getActor())
                        + (e.getResult().isBlank() ? "" : ": " + e.getResult()));
            }
            case SERVICE_CHANGE -> kind = "Service change";
            default -> kind = "Event";
        }
        return new HistoryRow(Ages.millis(e.getAt()), e.getNode(), kind, change, Names.reason(e.getReason()),
                e.getSentence(), detail, r.from().toString());
    }

    private static String join(String a, String b) {
        return a.isBlank() ? b : b.isBlank() ? a : a + "; " + b;
    }
}
