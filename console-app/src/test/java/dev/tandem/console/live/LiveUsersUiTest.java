package dev.tandem.console.live;

import static dev.tandem.console.testing.LivePair.A;
import static dev.tandem.console.testing.LivePair.B;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.console.commands.CommandEntry;
import dev.tandem.console.testing.LivePair;
import dev.tandem.console.users.UserRow;
import dev.tandem.proto.admin.v1.NodeActionRequest;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;

/**
 * The Users view against two REAL agents with 40 users and their clients logged in: the list
 * with home, serving node and session (each node's sessions from its own agent), search, add
 * and remove through the confirmation, a bad id refused before sending, and the agent's own
 * sentence when it refuses (a node not Normal, §5). Every change is in the command log.
 */
class LiveUsersUiTest extends LiveUiBase {

    @Start
    void start(Stage stage) throws Exception {
        open(stage);
    }

    private List<UserRow> rows() {
        return List.copyOf(vm.users().rows());
    }

    private void confirm(FxRobot robot, String buttonId, String confirmText) {
        robot.clickOn(buttonId);
        until("the confirmation dialog opens", () -> robot.lookup("#action-confirmation").tryQuery().isPresent());
        Node dialog = robot.lookup("#action-confirmation").query();
        robot.clickOn(robot.from(dialog).lookup((Node b) -> b instanceof Button btn
                && btn.getText().equals(confirmText)).queryButton());
    }

    @Test
    void listSearchAddRemoveAndTheAgentsRefusal(FxRobot robot) throws Exception {
        showTab(robot, "tab-users");
        until("40 users listed", () -> rows().size() == LivePair.USERS);
        assertThat(rows()).extracting(UserRow::user).isSorted().startsWith("user1", "user10", "user11");
        assertThat(rows()).allSatisfy(r -> {
            assertThat(r.home()).isIn(A, B);
            assertThat(r.serving()).isEqualTo(r.home());
            assertThat(r.session()).isEqualTo("Logged in"); // node-b's users: from node-b's own agent
        });
        assertThat(rows()).extracting(UserRow::home).contains(A, B);
        assertThat(robot.lookup("#users-summary").queryLabeled().getText())
                .isEqualTo("40 of 40 matching user(s) shown · 40 in group " + group + " · assignment mode Balanced");

        // search: the agent filters
        robot.clickOn("#users-filter").write("USER3");
        until("the search is applied", () -> rows().size() == 11);
        assertThat(rows()).extracting(UserRow::user).containsExactly("user3", "user30", "user31", "user32", "user33",
                "user34", "user35", "user36", "user37", "user38", "user39");

        // a bad id: refused by the shared rule before anything is sent
        robot.interact(() -> vm.users().toAddProperty().set("good-one bad/id"));
        robot.clickOn("#users-add");
        until("the bad id is explained", () -> robot.lookup("#users-error").queryLabeled().getText()
                .startsWith("Cannot add \"bad/id\":"));
        assertThat(live.pair.agent(A).presence().node().users().find("good-one")).isEmpty();

        // add through the confirmation: listed, replicated to node-b
        robot.interact(() -> {
            vm.users().filterProperty().set("newbie");
            vm.users().toAddProperty().set("newbie1, newbie2");
        });
        confirm(robot, "#users-add", "Add 2 user(s)");
        until("the new users are listed", () -> rows().size() == 2);
        assertThat(robot.lookup("#users-message").queryLabeled().getText())
                .isEqualTo("Added 2 of 2 user(s); the group has 42 users.");
        until("replicated to node-b", () -> live.pair.agent(B).presence().node().users().find("newbie2").isPresent());

        // remove the selected one
        TableView<UserRow> table = robot.lookup("#users-table").queryTableView();
        robot.interact(() -> table.getSelectionModel().select(0));
        confirm(robot, "#users-remove", "Remove 1 user(s)");
        until("newbie1 is gone", () -> rows().size() == 1 && rows().get(0).user().equals("newbie2"));
        assertThat(live.pair.agent(A).presence().node().users().find("newbie1")).isEmpty();

        // the agent refuses while a node is not Normal (§5): its sentence, nothing added
        live.stub(A).failover(NodeActionRequest.newBuilder().setNode(A).setActor("test").build());
        live.awaitRow("M3");
        robot.interact(() -> vm.users().toAddProperty().set("late"));
        confirm(robot, "#users-add", "Add 1 user(s)");
        until("the refusal is shown", () -> robot.lookup("#users-error").queryLabeled().getText()
                .startsWith("Adding users refused by the agent: "));
        assertThat(robot.lookup("#users-error").queryLabeled().getText())
                .contains("users can be changed only while both nodes are Normal");
        assertThat(live.pair.agent(A).presence().node().users().find("late")).isEmpty();

        // each change is in the command log with its tandemctl line
        List<CommandEntry> log = ctx.commands().entries();
        assertThat(log).extracting(CommandEntry::line).containsExactly(
                "tandemctl --agent " + live.address(A) + " users add newbie1 newbie2",
                "tandemctl --agent " + live.address(A) + " users remove newbie1",
                "tandemctl --agent " + live.address(A) + " users add late");
        assertThat(log.get(2).outcome()).startsWith("refused: ");
    }
}
