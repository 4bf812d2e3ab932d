package dev.tandem.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.agent.e2e.GroupWatch;
import dev.tandem.proto.admin.v1.AddUsersRequest;
import dev.tandem.proto.admin.v1.AdminServiceGrpc;
import dev.tandem.proto.admin.v1.GetGroupStatusRequest;
import dev.tandem.proto.admin.v1.ListUsersRequest;
import dev.tandem.proto.admin.v1.SessionState;
import dev.tandem.proto.admin.v1.UserAssignmentMode;
import dev.tandem.proto.admin.v1.UserEntry;
import dev.tandem.proto.admin.v1.UserList;
import dev.tandem.tools.demo.EmbeddedPair;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ListUsers and `tandemctl users list` against two real agents: pages in id order, filter, bad input, sessions. */
class ListUsersLiveTest {
    @TempDir
    Path dir;

    @Test
    void pagesFilterAndBadInput() throws Exception {
        Map<String, String> cfg = new HashMap<>(PreflightLiveTest.TOLERANT);
        cfg.put("cluster", "east");
        try (EmbeddedPair pair = EmbeddedPair.start(dir.resolve("pair"), "node-a", "node-b", cfg);
             GroupWatch w = new GroupWatch(pair.first().adminTarget())) {
            w.awaitRow("M1", Duration.ofSeconds(30));
            ManagedChannel ch = NettyChannelBuilder.forTarget(pair.first().adminTarget()).usePlaintext().build();
            try {
                var stub = AdminServiceGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS);
                List<String> ids = new ArrayList<>();
                for (int i = 250; i >= 1; i--) {
                    ids.add(String.format("user%03d", i));
                }
                stub.addUsers(AddUsersRequest.newBuilder().addAllUsers(ids).setActor("test").build());

                // the status names the agent's cluster
                assertThat(stub.getGroupStatus(GetGroupStatusRequest.getDefaultInstance()).getCluster()).isEqualTo("east");

                // three pages of 100, 100, 50, in id order, no repeat
                List<UserEntry> seen = new ArrayList<>();
                String token = "";
                int pages = 0;
                UserList page;
                do {
                    page = stub.listUsers(ListUsersRequest.newBuilder().setPageSize(100).setPageToken(token).build());
                    seen.addAll(page.getUsersList());
                    token = page.getNextPageToken();
                    pages++;
                    assertThat(page.getTotal()).isEqualTo(250);
                    assertThat(page.getMatching()).isEqualTo(250);
                    assertThat(page.getMode()).isEqualTo(UserAssignmentMode.BALANCED);
                    assertThat(page.getReporter()).isEqualTo("node-a");
                } while (!token.isEmpty());
                assertThat(pages).isEqualTo(3);
                assertThat(seen).extracting(UserEntry::getUser).isSorted().doesNotHaveDuplicates().hasSize(250)
                        .startsWith("user001", "user002");
                // balanced: each user has a home, served at home in M1; node-a knows only its own sessions
                assertThat(seen).allSatisfy(u -> {
                    assertThat(u.getHomeNode()).isIn("node-a", "node-b");
                    assertThat(u.getServingNode()).isEqualTo(u.getHomeNode());
                    assertThat(u.getSession()).isEqualTo(u.getServingNode().equals("node-a")
                            ? SessionState.NOT_LOGGED_IN : SessionState.SESSION_STATE_UNSPECIFIED);
                });
                assertThat(seen).extracting(UserEntry::getHomeNode).contains("node-a", "node-b");

                // a user added between two pages after the token does not shift the next page
                UserList first = stub.listUsers(ListUsersRequest.newBuilder().setPageSize(10).build());
                stub.addUsers(AddUsersRequest.newBuilder().addUsers("user000").setActor("test").build());
                UserList second = stub.listUsers(ListUsersRequest.newBuilder().setPageSize(10)
                        .setPageToken(first.getNextPageToken()).build());
                assertThat(second.getUsers(0).getUser()).isEqualTo("user011");

                // filter: a case-insensitive substring
                UserList f = stub.listUsers(ListUsersRequest.newBuilder().setFilter("USER24").build());
                assertThat(f.getUsersList()).extracting(UserEntry::getUser)
                        .containsExactly("user240", "user241", "user242", "user243", "user244", "user245", "user246",
                                "user247", "user248", "user249");
                assertThat(f.getMatching()).isEqualTo(10);
                assertThat(f.getNextPageToken()).isEmpty();

                // bad page size or token: INVALID_ARGUMENT with a sentence
                for (int size : new int[] {-1, 1001}) {
                    assertThatThrownBy(() -> stub.listUsers(ListUsersRequest.newBuilder().setPageSize(size).build()))
                            .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                                assertThat(e.getStatus().getDescription()).contains("page_size must be between 1 and 1000");
                            });
                }
                assertThatThrownBy(() -> stub.listUsers(ListUsersRequest.newBuilder().setPageToken("not a token").build()))
                        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                            assertThat(e.getStatus().getDescription()).contains("page_token is not one ListUsers returned");
                        });

                // tandemctl users list
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                int code = TandemCtl.run(new PrintWriter(out, true, StandardCharsets.UTF_8),
                        new PrintWriter(err, true, StandardCharsets.UTF_8), "--insecure", "--agent",
                        pair.first().adminTarget(), "users", "list", "--filter", "user00", "--page-size", "5");
                String text = out.toString(StandardCharsets.UTF_8);
                assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(TandemCtl.OK);
                assertThat(text.lines().toList()).hasSize(1 + 5 + 2);
                assertThat(text).startsWith("USER").contains("user000 ", "user004 ")
                        .contains("5 of 10 matching user(s) shown; the group has 251 (assignment mode Balanced;"
                                + " sessions as node-a sees them).")
                        .contains("More: --page-token ");
                int bad = TandemCtl.run(new PrintWriter(new ByteArrayOutputStream(), true),
                        new PrintWriter(new ByteArrayOutputStream(), true), "--insecure", "--agent",
                        pair.first().adminTarget(), "users", "list", "--page-size", "0");
                assertThat(bad).isEqualTo(TandemCtl.OK); // 0 = the default page
                int invalid = TandemCtl.run(new PrintWriter(new ByteArrayOutputStream(), true),
                        new PrintWriter(new ByteArrayOutputStream(), true), "--insecure", "--agent",
                        pair.first().adminTarget(), "users", "list", "--page-size", "5000");
                assertThat(invalid).isEqualTo(TandemCtl.INVALID);
            } finally {
                ch.shutdownNow();
            }
        }
    }
}
