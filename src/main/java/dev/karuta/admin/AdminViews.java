package dev.karuta.admin;

import dev.karuta.admin.ApiBodies.Stats;
import dev.karuta.swarm.RegistryTotals;
import java.util.List;

/** Builds the dashboard's answers from the live parts. */
final class AdminViews {
    private AdminViews() {
    }

    static Stats stats(AdminParts admin, long nowMillis) {
        RegistryTotals t = admin.registry().totals();
        List<ActivityHistory.Sample> samples = admin.history().samples();
        double rate = samples.isEmpty() ? 0 : samples.get(samples.size() - 1).announcesPerSecond();
        AccessLists lists = admin.lists();
        dev.karuta.swarm.rtc.RtcTotals ws = admin.webSockets().get();
        return new Stats(t.torrents(), t.peers(), t.seeders(), t.downloaders(), t.partialSeeds(), t.peersV4(),
                t.peersV6(), admin.counter().announces(), admin.counter().scrapes(), rate,
                Math.max(0, (nowMillis - admin.startedAtMillis()) / 1000), lists.torrents().mode().label(),
                lists.torrents().size(), lists.clients().mode().label(), lists.clients().entries().size(),
                ws.connections(), ws.torrents(), ws.peers(), ws.seeders());
    }
}
