package dev.tandem.console.alerts;

import dev.tandem.console.ConsoleContext;
import dev.tandem.console.connection.AgentConnection;
import dev.tandem.console.connection.Errors;
import dev.tandem.console.connection.ReceivedAlert;
import dev.tandem.proto.admin.v1.AcknowledgeAlertRequest;
import dev.tandem.proto.admin.v1.Alert;
import dev.tandem.proto.admin.v1.AlertType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.IntegerBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The agents' own alerts (issue 13): each agent streams the alerts of its node, with severity,
 * cleared state and who acknowledged them. This console shows them, newest first, exactly as
 * every other console and tandemctl do; an acknowledgement goes to the owning agent and comes
 * back through its stream, so it shows everywhere. A live failover alert also raises a desktop
 * notification through the notifier the view sets.
 */
public final class AlertsViewModel {
    /** Alerts older than this when they first arrive are history: listed, not notified. */
    static final long LIVE_MS = 60_000;
    /** Newest first; equal times by node and id, so two consoles list them alike. */
    static final Comparator<AlertItem> ORDER = Comparator.comparingLong(AlertItem::at).reversed()
            .thenComparing(AlertItem::node).thenComparing(Comparator.comparingLong((AlertItem a) -> a.alert().getId())
                    .reversed());

    private final ConsoleContext ctx;
    private final Map<String, AlertItem> byKey = new LinkedHashMap<>();
    private final ObservableList<AlertItem> all = FXCollections.observableArrayList();
    private final FilteredList<AlertItem> shown = new FilteredList<>(all);
    private final BooleanProperty activeOnly = new SimpleBooleanProperty(false);
    private final IntegerBinding unacknowledged = Bindings.createIntegerBinding(
            () -> (int) all.stream().filter(a -> !a.acknowledged()).count(), all);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private BiConsumer<String, String> notifier = (title, text) -> { };

    /** @param ctx where acknowledgements are sent (null: a list that cannot acknowledge, for tests) */
    public AlertsViewModel(ConsoleContext ctx) {
        this.ctx = ctx;
        activeOnly.addListener((o, was, is) -> shown.setPredicate(is ? AlertItem::active : null));
    }

    /** What the table shows: every alert, or only active ones. */
    public ObservableList<AlertItem> alerts() {
        return shown;
    }

    public BooleanProperty activeOnlyProperty() {
        return activeOnly;
    }

    public IntegerBinding unacknowledgedCount() {
        return unacknowledged;
    }

    /** The outcome of the last acknowledgement that failed ("" when fine). */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** The view shows (title, text) as a notification. */
    public void setNotifier(BiConsumer<String, String> notifier) {
        this.notifier = notifier;
    }

    /** Drain step: alerts new or changed since the last tick. */
    public void onAlerts(List<ReceivedAlert> received, long now) {
        if (received.isEmpty()) {
            return;
        }
        for (ReceivedAlert r : received) {
            put(new AlertItem(r.from(), r.alert()), now);
        }
        List<AlertItem> sorted = new ArrayList<>(byKey.values());
        sorted.sort(ORDER);
        if (!sorted.equals(all)) {
            all.setAll(sorted);
        }
    }

    private void put(AlertItem item, long now) {
        AlertItem before = byKey.put(item.key(), item);
        if (before == null && item.active() && item.alert().getType() == AlertType.SRM_FAILOVER
                && now - item.at() < LIVE_MS) {
            notifier.accept("Failover: " + item.node(), item.text());
        }
    }

    /** Sends the acknowledgement to the alert's agent; the change comes back through its stream. */
    public void acknowledge(AlertItem a) {
        if (a == null || a.acknowledged() || ctx == null) {
            return;
        }
        Optional<AgentConnection> agent = ctx.registry().find(a.source());
        if (agent.isEmpty()) {
            message.set("Cannot acknowledge " + a.type() + " of " + a.node() + ": the console no longer watches agent "
                    + a.source() + ".");
            return;
        }
        AcknowledgeAlertRequest req = AcknowledgeAlertRequest.newBuilder().setId(a.alert().getId())
                .setActor(ctx.actor()).build();
        ctx.<Alert>send(agent.get(), "", dev.tandem.contract.cli.TandemctlCommands.acknowledgeAlert(req),
                (stub, obs) -> stub.acknowledgeAlert(req, obs)).whenCompleteAsync((acked, err) -> {
            if (err != null) {
                message.set(Errors.explain(err, "Acknowledging " + a.type() + " of " + a.node(), a.source().toString()));
            } else {
                message.set("");
                onAlerts(List.of(new ReceivedAlert(a.source(), acked)), System.currentTimeMillis());
            }
        }, ctx.ui());
    }

    /** Acknowledges every alert shown that nobody acknowledged yet. */
    public void acknowledgeAll() {
        List.copyOf(shown).stream().filter(a -> !a.acknowledged()).forEach(this::acknowledge);
    }
}
