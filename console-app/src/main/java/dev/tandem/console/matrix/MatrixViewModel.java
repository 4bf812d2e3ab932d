package dev.tandem.console.matrix;

import dev.tandem.console.ConsoleContext;
import dev.tandem.console.connection.AgentConnection;
import dev.tandem.console.connection.ConnectionState;
import dev.tandem.console.connection.Errors;
import dev.tandem.console.connection.GroupSource;
import dev.tandem.proto.admin.v1.GetStateMatrixRequest;
import dev.tandem.proto.admin.v1.MatrixRow;
import dev.tandem.proto.admin.v1.StateMatrix;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** All rows M1..M24 as an agent serves them, with the selected group's current row. */
public final class MatrixViewModel {
    private final ConsoleContext ctx;
    private final ObservableList<MatrixRow> rows = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper currentRow = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("Waiting for a connected agent…");
    private boolean loading;

    public MatrixViewModel(ConsoleContext ctx) {
        this.ctx = ctx;
    }

    public ObservableList<MatrixRow> rows() {
        return rows;
    }

    public ReadOnlyStringProperty currentRowProperty() {
        return currentRow.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Loads the matrix once from the first connected agent; tracks the selected group's row. */
    public void refresh(GroupSource selected) {
        currentRow.set(selected != null && selected.status().getMatrix().getMatched()
                ? selected.status().getMatrix().getRow().getId() : "");
        if (rows.isEmpty() && !loading) {
            ctx.registry().connections().stream()
                    .filter(c -> c.snapshot().state() == ConnectionState.CONNECTED)
                    .findFirst()
                    .ifPresent(this::load);
        }
    }

    private void load(AgentConnection c) {
        loading = true;
        c.<StateMatrix>call((stub, obs) -> stub.getStateMatrix(GetStateMatrixRequest.getDefaultInstance(), obs))
                .whenCompleteAsync((m, err) -> {
                    loading = false;
                    if (err != null) {
                        message.set(Errors.explain(err, "Loading the state matrix", c.address().toString()));
                    } else {
                        rows.setAll(m.getRowsList());
                        message.set(m.getRowsCount() + " rows from " + c.address());
                    }
                }, ctx.ui());
    }
}
