package dev.tandem.console.connection;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The credential the console presents to agents, as the connection dialog edits it: a PKI
 * folder and a name in it (NAME.crt, NAME.key, ca.crt, as {@code tandem-agent init-pki} writes
 * them), or plaintext for agents run with --insecure. A credential that cannot be read is
 * refused with the reason and changes nothing; a usable one replaces the current one and
 * every agent is reconnected with it. {@link #current()} is read by channel threads.
 */
public final class CredentialsViewModel {
    private final AtomicReference<Credentials> current;
    private final StringProperty pkiDir = new SimpleStringProperty("");
    private final StringProperty name = new SimpleStringProperty("operator");
    private final BooleanProperty insecure = new SimpleBooleanProperty(false);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private AgentRegistry registry;

    public CredentialsViewModel(Credentials initial) {
        current = new AtomicReference<>(initial);
        show(initial);
    }

    /** The agents to reconnect when the credential changes. */
    public void attach(AgentRegistry agents) {
        this.registry = agents;
    }

    public Credentials current() {
        return current.get();
    }

    /** Replaces the credential without the dialog (the demo's throwaway PKI, known once the demo runs). */
    public void use(Credentials c) {
        current.set(c);
        show(c);
    }

    /** Takes the edited fields; false (with {@link #errorProperty()} saying why) when they cannot be used. */
    public boolean apply() {
        Credentials c;
        if (insecure.get()) {
            c = Credentials.INSECURE;
        } else if (pkiDir.get().isBlank() || name.get().isBlank()) {
            error.set("give the PKI folder and the name of a credential in it (e.g. operator), or choose plaintext");
            return false;
        } else {
            try {
                c = Credentials.fromPki(Path.of(pkiDir.get().strip()), name.get().strip());
            } catch (java.nio.file.InvalidPathException e) {
                error.set("not a folder path: " + e.getMessage());
                return false;
            }
        }
        String problem = c.problem();
        if (problem != null) {
            error.set(problem);
            return false;
        }
        error.set("");
        use(c);
        if (registry != null) {
            registry.reconnectAll();
        }
        return true;
    }

    private void show(Credentials c) {
        if (c.insecure()) {
            insecure.set(true);
            summary.set("Plaintext (agents run with --insecure)");
            return;
        }
        insecure.set(false);
        Path dir = c.ca().toAbsolutePath().getParent();
        String n = c.certificate().getFileName().toString().replaceFirst("\\.crt$", "");
        pkiDir.set(dir == null ? "" : dir.toString());
        name.set(n);
        summary.set("As " + n + " (" + (dir == null ? c.ca() : dir) + ")");
    }

    public StringProperty pkiDirProperty() {
        return pkiDir;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public BooleanProperty insecureProperty() {
        return insecure;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** One line for the agent list: who the console is to the agents. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }
}
