package dev.tandem.agent.admin;

import dev.tandem.agent.critical.CriticalServices;
import dev.tandem.agent.runtime.Protos;
import dev.tandem.agent.runtime.SrmLoop;
import dev.tandem.agent.srm.CriticalService;
import dev.tandem.proto.admin.v1.CriticalServiceRequest;
import dev.tandem.proto.admin.v1.CriticalServiceStatus;
import dev.tandem.proto.admin.v1.DatabaseStatus;
import dev.tandem.proto.admin.v1.NodeActionRequest;

/**
 * The operator's faults on THIS node: critical services stopped or started, the database failed
 * or restored (the request was routed here by {@link AdminOps}, or forwarded by the peer).
 * Each is audited, accepted or failed.
 */
final class FaultOps {
    private final SrmLoop loop;
    private final OnSrm srm;

    FaultOps(SrmLoop loop, OnSrm srm) {
        this.loop = loop;
        this.srm = srm;
    }

    CriticalServiceStatus service(CriticalServiceRequest r, boolean start) {
        String who = AdminOps.actor(r.getActor());
        CriticalService s = parse(r.getService());
        String what = start ? "StartCriticalService" : "StopCriticalService";
        try {
            if (start) {
                loop.services().start(s);
            } else {
                loop.services().stop(s);
            }
        } catch (Exception e) {
            loop.events().audit(who, what, s.name(), "failed: " + e.getMessage());
            throw AdminOps.precondition((start ? "could not start " : "could not stop ") + s.displayName() + " on "
                    + loop.view().self() + ": " + e.getMessage());
        }
        loop.events().audit(who, what, s.name(), "accepted");
        CriticalServices.ServiceState st = loop.services().state(s);
        return CriticalServiceStatus.newBuilder().setNode(loop.view().self()).setService(s.displayName()).setId(s.name())
                .setRunning(st.running()).setSince(Protos.ts(st.sinceMs())).setBinding(st.binding())
                .setDetail(st.detail()).build();
    }

    DatabaseStatus database(NodeActionRequest r, boolean up) {
        return srm.call(() -> {
            loop.databaseChanged(up);
            loop.events().audit(AdminOps.actor(r.getActor()), up ? "RestoreDatabase" : "FailDatabase",
                    loop.view().self(), "accepted");
            return DatabaseStatus.newBuilder().setNode(loop.view().self()).setUp(loop.database().up())
                    .setSince(Protos.ts(loop.database().sinceMs())).build();
        });
    }

    private static CriticalService parse(String id) {
        try {
            return CriticalService.parse(id);
        } catch (IllegalArgumentException e) {
            throw AdminOps.invalid(e.getMessage());
        }
    }
}
