package dev.tandem.console.connection;

import dev.tandem.console.util.Ages;
import java.util.List;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The agent list: add, remove, retry, and each agent's connection state in words. */
public final class ConnectionsViewModel {
    private final AgentRegistry registry;
    private final ObservableList<AgentRow> rows = FXCollections.observableArrayList();
    private final StringProperty addressInput = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper addError = new ReadOnlyStringWrapper("");

    private final CredentialsViewModel credentials;

    public ConnectionsViewModel(AgentRegistry registry) {
        this(registry, new CredentialsViewModel(Credentials.INSECURE));
    }

    public ConnectionsViewModel(AgentRegistry registry, CredentialsViewModel credentials) {
        this.registry = registry;
        this.credentials = credentials;
    }

    /** The credential the console presents (the agent list's Credentials… dialog). */
    public CredentialsViewModel credentials() {
        return credentials;
    }

    public ObservableList<AgentRow> rows() {
        return rows;
    }

    public StringProperty addressInputProperty() {
        return addressInput;
    }

    public ReadOnlyStringProperty addErrorProperty() {
        return addError.getReadOnlyProperty();
    }

    /** Adds the typed address; a bad one leaves the input as is and says why. */
    public boolean add() {
        try {
            registry.add(AgentAddress.parse(addressInput.get()));
            addressInput.set("");
            addError.set("");
            return true;
        } catch (IllegalArgumentException e) {
            addError.set(e.getMessage());
            return false;
        }
    }

    public void add(AgentAddress address) {
        registry.add(address);
    }

    public void remove(AgentRow row) {
        registry.remove(row.address());
    }

    public void retry(AgentRow row) {
        registry.find(row.address()).ifPresent(AgentConnection::retryNow);
    }

    /** Called by the drain timer. Rows are replaced only when their text changes. */
    public void refresh(long now) {
        List<AgentRow> fresh = registry.connections().stream().map(c -> row(c, now)).toList();
        if (!fresh.equals(rows)) {
            rows.setAll(fresh);
        }
    }

    static AgentRow row(AgentConnection c, long now) {
        ConnectionSnapshot s = c.snapshot();
        String group = c.status() == null ? "" : c.status().getGroup() + " / " + c.status().getReporter();
        String age = s.lastDataAtMs() == 0 ? "no data yet"
                : "last data " + Ages.duration(now - s.lastDataAtMs()) + " ago";
        String detail = switch (s.state()) {
            case CONNECTING -> "connecting…";
            case CONNECTED -> "connected " + Ages.duration(now - s.connectedSinceMs());
            case RECONNECTING -> "retry " + s.attempt() + " in "
                    + Ages.duration(Math.max(0, s.nextRetryAtMs() - now)) + " (backoff doubles, max 30 s) — "
                    + s.lastErrorSentence() + " (" + age + ")";
            case FAILED -> s.lastErrorSentence() + " (" + age + ")";
            case CLOSED -> "closed";
        };
        return new AgentRow(c.address(), s.state(), group, detail, s.lastError());
    }

    /** One agent as the list shows it. */
    public record AgentRow(AgentAddress address, ConnectionState state, String group, String detail, String raw) {
        public String stateText() {
            return switch (state) {
                case CONNECTING -> "Connecting";
                case CONNECTED -> "Connected";
                case RECONNECTING -> "Reconnecting";
                case FAILED -> "Failed";
                case CLOSED -> "Closed";
            };
        }
    }
}
