package dev.tandem.agent.alerts;

import dev.tandem.agent.statedb.Database;
import dev.tandem.proto.admin.v1.AlertSeverity;
import dev.tandem.proto.admin.v1.AlertType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The alerts table of the agent's database: every alert this node raised, newest {@link #KEPT} kept. */
final class AlertStore {
    /** How many alerts are kept; older cleared ones are deleted (active ones never). */
    static final int KEPT = 1000;

    private final Database db;

    AlertStore(Database db) {
        this.db = db;
        db.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS alerts (id INTEGER PRIMARY KEY AUTOINCREMENT,"
                        + " node TEXT NOT NULL, type TEXT NOT NULL, subject TEXT NOT NULL, severity TEXT NOT NULL,"
                        + " sentence TEXT NOT NULL, raised_at_ms INTEGER NOT NULL, cleared_at_ms INTEGER NOT NULL,"
                        + " cleared_because TEXT NOT NULL, ack_by TEXT NOT NULL, ack_at_ms INTEGER NOT NULL)");
            }
            return null;
        });
    }

    /** Inserts a new alert; returns it with its id. Prunes beyond {@link #KEPT} in the same transaction. */
    AlertRecord insert(AlertRecord a) {
        return db.inTransaction(c -> {
            long id;
            try (PreparedStatement p = c.prepareStatement("INSERT INTO alerts (node, type, subject, severity, sentence,"
                    + " raised_at_ms, cleared_at_ms, cleared_because, ack_by, ack_at_ms) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                p.setString(1, a.node());
                p.setString(2, a.type().name());
                p.setString(3, a.subject());
                p.setString(4, a.severity().name());
                p.setString(5, clip(a.sentence()));
                p.setLong(6, a.raisedAtMs());
                p.setLong(7, a.clearedAtMs());
                p.setString(8, clip(a.clearedBecause()));
                p.setString(9, clip(a.ackBy()));
                p.setLong(10, a.ackAtMs());
                p.executeUpdate();
                try (ResultSet k = p.getGeneratedKeys()) {
                    k.next();
                    id = k.getLong(1);
                }
            }
            try (PreparedStatement p = c.prepareStatement("DELETE FROM alerts WHERE cleared_at_ms >= 0 AND id <= ?")) {
                p.setLong(1, id - KEPT);
                p.executeUpdate();
            }
            return a.withId(id);
        });
    }

    /** Writes the cleared and acknowledged fields of an alert that exists. */
    void update(AlertRecord a) {
        db.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE alerts SET cleared_at_ms = ?, cleared_because = ?,"
                    + " ack_by = ?, ack_at_ms = ? WHERE id = ?")) {
                p.setLong(1, a.clearedAtMs());
                p.setString(2, clip(a.clearedBecause()));
                p.setString(3, clip(a.ackBy()));
                p.setLong(4, a.ackAtMs());
                p.setLong(5, a.id());
                p.executeUpdate();
            }
            return null;
        });
    }

    /** Every kept alert, oldest first. */
    List<AlertRecord> all() {
        return db.inTransaction(c -> {
            List<AlertRecord> out = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT id, node, type, subject,"
                    + " severity, sentence, raised_at_ms, cleared_at_ms, cleared_because, ack_by, ack_at_ms"
                    + " FROM alerts ORDER BY raised_at_ms, id")) {
                while (r.next()) {
                    out.add(new AlertRecord(r.getLong(1), r.getString(2), type(r.getString(3)), r.getString(4),
                            severity(r.getString(5)), r.getString(6), r.getLong(7), r.getLong(8), r.getString(9),
                            r.getString(10), r.getLong(11)));
                }
            }
            return out;
        });
    }

    /** A row written by a newer agent may name a type this one does not know: keep it, unnamed. */
    private static AlertType type(String name) {
        try {
            return AlertType.valueOf(name);
        } catch (IllegalArgumentException e) {
            return AlertType.ALERT_TYPE_UNSPECIFIED;
        }
    }

    private static AlertSeverity severity(String name) {
        try {
            return AlertSeverity.valueOf(name);
        } catch (IllegalArgumentException e) {
            return AlertSeverity.ALERT_SEVERITY_UNSPECIFIED;
        }
    }

    private static String clip(String s) {
        return s.length() <= Database.MAX_TEXT ? s : s.substring(0, Database.MAX_TEXT - 1) + "…";
    }
}
