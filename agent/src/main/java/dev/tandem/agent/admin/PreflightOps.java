package dev.tandem.agent.admin;

import static dev.tandem.agent.admin.AdminOps.invalid;

import dev.tandem.agent.runtime.SrmLoop;
import dev.tandem.agent.runtime.SrmView;
import dev.tandem.agent.srm.AdminAction;
import dev.tandem.proto.peer.v1.HeartbeatMessage;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * CheckAction: each precondition of a proposed manual action with its sentence, the verdict
 * taken from the SRM core of the node that would act (this one, or the peer's last offer).
 */
final class PreflightOps {
    private final SrmLoop loop;
    private final SrmView view;
    private final OnSrm onSrm;
    private final Consumer<String> requireGroupNode;

    PreflightOps(SrmLoop loop, OnSrm onSrm, Consumer<String> requireGroupNode) {
        this.loop = loop;
        this.view = loop.view();
        this.onSrm = onSrm;
        this.requireGroupNode = requireGroupNode;
    }

    dev.tandem.proto.admin.v1.PreflightReport check(dev.tandem.proto.admin.v1.CheckActionRequest r) {
        dev.tandem.proto.admin.v1.Action a = r.getAction();
        if (a != dev.tandem.proto.admin.v1.Action.FAILOVER && a != dev.tandem.proto.admin.v1.Action.FALLBACK
                && a != dev.tandem.proto.admin.v1.Action.RECOVERY) {
            throw invalid("give an action to check: FAILOVER, FALLBACK or RECOVERY");
        }
        boolean recovery = a == dev.tandem.proto.admin.v1.Action.RECOVERY;
        String node = recovery && r.getNode().isBlank() ? view.self() : r.getNode();
        requireGroupNode.accept(node);
        AdminAction core = AdminAction.valueOf(a.name());
        return onSrm.call(() -> {
            Optional<String> mine = view.refusal(core);
            Optional<HeartbeatMessage> peer = view.peerMessage();
            Optional<String> theirs = peer.map(m -> m.getActionsList().stream().filter(o -> o.getAction() == a)
                    .findFirst().map(o -> o.getOffered() ? Optional.<String>empty() : Optional.of(o.getRefusal()))
                    .orElse(Optional.of("the peer did not say whether it offers " + a)))
                    .orElse(Optional.of("peer " + view.peerName() + " is unreachable, so its verdict is unknown"));
            Optional<String> refusal = recovery ? (mine.isEmpty() || theirs.isEmpty() ? Optional.empty() : mine)
                    : node.equals(view.self()) ? mine : theirs;
            return dev.tandem.agent.preflight.PreflightChecks.check(a, node, loop.buildStatus(), refusal);
        });
    }
}
