package dev.karuta.accounts.gazelle;

import dev.karuta.accounts.AccountsStore;
import dev.karuta.accounts.AccountsStoreContract;
import dev.karuta.accounts.RosterData;
import dev.karuta.accounts.Torrent;
import dev.karuta.accounts.User;
import dev.karuta.core.TimeSource;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** The contract on a fresh Gazelle site of {@link #schema()}, the roster inserted as the site would. */
abstract class GazelleAccountsContract extends AccountsStoreContract {
    @TempDir
    Path tmp;

    private GazelleSite site;

    /** The schema under test. */
    abstract GazelleSchema schema();

    @Override
    protected AccountsStore open(List<User> users, List<Torrent> torrents, List<RosterData.Token> tokens)
            throws Exception {
        site = closeLater(GazelleSite.create(schema(), tmp));
        for (User u : users) {
            site.addUser(u.id(), u.passkey());
        }
        for (Torrent t : torrents) {
            site.addTorrent(t.id(), t.infoHash().bytes());
        }
        for (RosterData.Token t : tokens) {
            site.update("INSERT INTO users_freeleeches (UserID, TorrentID, Time) VALUES (?, ?, NOW())", t.userId(),
                    t.torrentId());
        }
        return GazelleStore.open(site.settings(), TimeSource.SYSTEM);
    }

    @Override
    protected long[] userTotals(int userId) throws Exception {
        return site.userTotals(userId);
    }

    @Override
    protected long[] torrentState(int torrentId) throws Exception {
        GazelleSite.TorrentStats s = site.torrentStats(torrentId);
        return new long[] {s.seeders(), s.leechers(), s.snatched(), s.balance()};
    }

    /** Gazelle's totals are {@code bigint(20) unsigned}. */
    @Override
    protected BigInteger uploadedLimit() {
        return BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    }

    @Override
    protected BigInteger uploaded(int userId) throws Exception {
        return site.uploaded(userId);
    }

    @Override
    protected boolean ownsRoster() {
        return false;
    }
}
