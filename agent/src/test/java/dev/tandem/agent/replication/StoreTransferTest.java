package dev.tandem.agent.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.agent.presence.GroupNodes;
import dev.tandem.agent.presence.store.PresenceStore;
import dev.tandem.agent.presence.users.StoreSnapshot;
import dev.tandem.agent.presence.users.UserChange;
import dev.tandem.agent.presence.users.UserStore;
import dev.tandem.proto.peer.v1.PeerServiceGrpc;
import dev.tandem.proto.peer.v1.StoreChunk;
import dev.tandem.proto.peer.v1.StoreRequest;
import dev.tandem.proto.peer.v1.UserRemoved;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** FetchStore carries the sender's tombstones (issue 11), in chunks beside the users, checked like a replicated removal. */
class StoreTransferTest {
    private static final GroupNodes GROUP = new GroupNodes("node-a", "node-b");

    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<StoreChunk> sent = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private UserStore store() throws Exception {
        Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
        open.add(c);
        PresenceStore db = new PresenceStore(c);
        db.createSchema();
        return UserStore.open("node-a", GROUP, db);
    }

    /** node-a's FetchStore in process; {@code tamper} changes each chunk on its way. */
    private ManagedChannel serve(UserStore a, UnaryOperator<StoreChunk> tamper) throws Exception {
        String name = InProcessServerBuilder.generateName();
        Server server = InProcessServerBuilder.forName(name).directExecutor().addService(new PeerServiceGrpc.PeerServiceImplBase() {
            @Override
            public void fetchStore(StoreRequest r, StreamObserver<StoreChunk> o) {
                StoreTransfer.stream(a, "node-a", "node-b", r, new StreamObserver<>() {
                    @Override
                    public void onNext(StoreChunk c) {
                        sent.add(c);
                        o.onNext(tamper.apply(c));
                    }

                    @Override
                    public void onError(Throwable t) {
                        o.onError(t);
                    }

                    @Override
                    public void onCompleted() {
                        o.onCompleted();
                    }
                });
            }
        }).build().start();
        ManagedChannel ch = InProcessChannelBuilder.forName(name).directExecutor().build();
        open.add(ch::shutdownNow);
        open.add(server::shutdownNow);
        return ch;
    }

    @Test
    void tombstonesArriveWholeInChunksBesideTheUsers() throws Exception {
        UserStore a = store();
        a.addUsers(IntStream.range(0, 1500).mapToObj(i -> "u" + i).toList());
        a.setRoster("u1", "u1400", true);
        a.setSecretHash("u1200", new dev.tandem.agent.security.secrets.SecretHasher(1000).hash("a-secret-of-u1200"));
        for (int i = 0; i < 2100; i++) { // removals of users node-a never had, as node-b's replicated ones
            a.applyReplicated(new UserChange.Removed("gone" + i, 3 + 2L * i));
        }

        StoreSnapshot s = StoreTransfer.fetch(serve(a, UnaryOperator.identity()), "node-b", "node-a", GROUP);

        assertThat(s.users()).hasSize(1500);
        assertThat(s.tombstones()).isEqualTo(a.tombstones()).hasSize(2100);
        assertThat(s.digest().clock()).isEqualTo(a.clock());
        assertThat(s.digest()).as("users, digest, clock and extras").isEqualTo(a.digest());
        assertThat(s.roster()).hasSize(1);
        assertThat(s.secrets()).containsOnlyKeys("u1200");
        assertThat(sent).hasSize(3);
        assertThat(sent).allMatch(c -> c.getUsersCount() <= StoreTransfer.CHUNK && c.getTombstonesCount() <= StoreTransfer.CHUNK);
        assertThat(sent.get(0).getTotalTombstones()).isEqualTo(2100);
        assertThat(sent.get(2).getLast()).isTrue();
        assertThat(sent.get(1).getLast()).isFalse();
    }

    @Test
    void aNegativeOrMissingTombstoneIsRefused() throws Exception {
        UserStore a = store();
        a.addUsers(List.of("u1", "u2"));
        a.removeUser("u1");

        assertThatThrownBy(() -> StoreTransfer.fetch(serve(a, c -> c.toBuilder().addTombstones(
                UserRemoved.newBuilder().setUserId("x").setVersion(-1)).build()), "node-b", "node-a", GROUP))
                .hasMessageContaining("negative version");
        assertThatThrownBy(() -> StoreTransfer.fetch(serve(a, c -> c.toBuilder().clearTombstones().build()),
                "node-b", "node-a", GROUP)).hasMessageContaining("announced 1 tombstones and sent 0");
    }
}
