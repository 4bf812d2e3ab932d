package dev.tandem.console.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.inprocess.InProcessChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsViewModelTest {
    @TempDir
    Path dir;

    /** Records every channel the registry opens, to see the reconnect. */
    private final List<AgentAddress> opened = new ArrayList<>();
    private final ChannelFactory counting = a -> {
        synchronized (opened) {
            opened.add(a);
        }
        return InProcessChannelBuilder.forName("nobody-" + a).build();
    };

    private AgentRegistry registry() {
        return new AgentRegistry(counting, new AgentListener() {
            @Override
            public void counters(AgentAddress from, dev.tandem.proto.admin.v1.CounterSample sample) {
            }

            @Override
            public void event(AgentAddress from, dev.tandem.proto.admin.v1.HaEvent event) {
            }
        }, new Backoff(60_000, 60_000), System::currentTimeMillis, 1000);
    }

    private Path pki(String name) throws Exception {
        for (String f : List.of("ca.crt", name + ".crt", name + ".key")) {
            Files.writeString(dir.resolve(f), "-----BEGIN TEST-----\n");
        }
        return dir;
    }

    private int openedCount() {
        synchronized (opened) {
            return opened.size();
        }
    }

    @Test
    void aCredentialThatCannotBeReadIsRefusedWithTheReasonAndChangesNothing() {
        CredentialsViewModel vm = new CredentialsViewModel(Credentials.INSECURE);
        try (AgentRegistry r = registry()) {
            vm.attach(r);
            r.add(AgentAddress.parse("127.0.0.1:20075"));
            int before = openedCount();
            vm.insecureProperty().set(false);
            vm.pkiDirProperty().set(dir.resolve("missing").toString());
            vm.nameProperty().set("operator");
            assertThat(vm.apply()).isFalse();
            assertThat(vm.errorProperty().get()).contains("cannot read").contains("missing");
            assertThat(vm.current()).isSameAs(Credentials.INSECURE);
            assertThat(openedCount()).isEqualTo(before);
        }
    }

    @Test
    void noFolderOrNameSaysWhatToGive() {
        CredentialsViewModel vm = new CredentialsViewModel(Credentials.INSECURE);
        vm.insecureProperty().set(false);
        vm.pkiDirProperty().set(" ");
        assertThat(vm.apply()).isFalse();
        assertThat(vm.errorProperty().get()).contains("PKI folder").contains("plaintext");
        assertThat(vm.current()).isSameAs(Credentials.INSECURE);
    }

    @Test
    void aUsableCredentialReplacesTheCurrentOneAndReconnectsEveryAgent() throws Exception {
        CredentialsViewModel vm = new CredentialsViewModel(Credentials.INSECURE);
        try (AgentRegistry r = registry()) {
            vm.attach(r);
            r.add(AgentAddress.parse("127.0.0.1:20075"));
            r.add(AgentAddress.parse("127.0.0.1:20076"));
            int before = openedCount();
            vm.insecureProperty().set(false);
            vm.pkiDirProperty().set(pki("viewer").toString());
            vm.nameProperty().set("viewer");
            assertThat(vm.apply()).isTrue();
            assertThat(vm.errorProperty().get()).isEmpty();
            assertThat(vm.current()).isEqualTo(Credentials.fromPki(dir, "viewer"));
            assertThat(vm.summaryProperty().get()).startsWith("As viewer");
            assertThat(openedCount()).isEqualTo(before + 2);
            assertThat(r.connections()).extracting(AgentConnection::address).containsExactly(
                    AgentAddress.parse("127.0.0.1:20075"), AgentAddress.parse("127.0.0.1:20076"));
        }
    }

    @Test
    void plaintextIsAChoiceToo() throws Exception {
        CredentialsViewModel vm = new CredentialsViewModel(Credentials.fromPki(pki("admin"), "admin"));
        assertThat(vm.nameProperty().get()).isEqualTo("admin");
        assertThat(vm.pkiDirProperty().get()).isEqualTo(dir.toAbsolutePath().toString());
        vm.insecureProperty().set(true);
        assertThat(vm.apply()).isTrue();
        assertThat(vm.current().insecure()).isTrue();
        assertThat(vm.summaryProperty().get()).startsWith("Plaintext");
    }
}
