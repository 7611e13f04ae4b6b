"""A libtorrent client for Karuta's end-to-end tests (run with Debian's /usr/bin/python3).

  lt_client.py create FILE TORRENT ANNOUNCE_URL [private]
  lt_client.py seed TORRENT DIR PORT SECONDS
  lt_client.py download TORRENT DIR PORT SECONDS

DHT, local peer discovery, UPnP and NAT-PMP are off, so peers are found only through the tracker.
`download` exits 0 once the data is complete and verified, 1 at the deadline.
"""
import os
import sys
import time

import libtorrent as lt


def session(port):
    settings = {
        "listen_interfaces": "127.0.0.1:%d" % port,
        "enable_dht": False,
        "enable_lsd": False,
        "enable_upnp": False,
        "enable_natpmp": False,
        "announce_to_all_trackers": True,
        "allow_multiple_connections_per_ip": True,
        # Honour the test tracker's short interval (libtorrent re-announces at most every 300 s by default).
        "min_announce_interval": 1,
        # Every tracker of these tests is on loopback; libtorrent's SSRF guard refuses a loopback tracker
        # whose path is not exactly /announce, such as a private tracker's /<passkey>/announce.
        "ssrf_mitigation": False,
        "alert_mask": lt.alert.category_t.all_categories,
    }
    return lt.session(settings)


def create(path, torrent, url, private=False):
    fs = lt.file_storage()
    lt.add_files(fs, path)
    # v1 only: aria2 1.36 and Transmission 3.00 do not know BitTorrent v2 (hybrid torrents would also
    # make libtorrent announce a second, truncated v2 info_hash).
    t = lt.create_torrent(fs, 16 * 1024, flags=lt.create_torrent.v1_only)
    t.add_tracker(url)
    if private:
        t.set_priv(True)
    lt.set_piece_hashes(t, os.path.dirname(os.path.abspath(path)))
    with open(torrent, "wb") as f:
        f.write(lt.bencode(t.generate()))


def reannounce(handle):
    flags = getattr(lt, "reannounce_flags_t", None)
    if flags is not None and hasattr(flags, "ignore_min_interval"):
        handle.force_reannounce(0, -1, flags.ignore_min_interval)
    else:
        handle.force_reannounce()


def run(torrent, directory, port, seconds, want_complete):
    ses = session(port)
    params = lt.add_torrent_params()
    params.ti = lt.torrent_info(torrent)
    params.save_path = directory
    # Start at once (not queued or paused); no peer exchange: the tracker must be the only source of peers.
    params.flags &= ~lt.torrent_flags.auto_managed
    params.flags &= ~lt.torrent_flags.paused
    if hasattr(lt.torrent_flags, "disable_pex"):
        params.flags |= lt.torrent_flags.disable_pex
    handle = ses.add_torrent(params)
    deadline = time.time() + seconds
    next_report = time.time() + 5
    while time.time() < deadline:
        if not want_complete and time.time() >= next_report:
            # A seeder reports its upload every 5 s whatever interval it was given (over UDP libtorrent
            # takes a min interval of 60 s), so a private tracker's accounting sees it within the test.
            reannounce(handle)
            next_report = time.time() + 5
        for a in ses.pop_alerts():
            if isinstance(a, (lt.tracker_error_alert, lt.tracker_reply_alert, lt.tracker_warning_alert, lt.tracker_announce_alert,
                              lt.peer_connect_alert, lt.torrent_finished_alert)):
                print("%s: %s" % (type(a).__name__, a.message()), flush=True)
        s = handle.status()
        if want_complete and s.is_seeding:
            print("complete", flush=True)
            reannounce(handle)  # report completed before leaving
            time.sleep(1)
            return 0
        time.sleep(0.2)
    return 1 if want_complete else 0


def main(argv):
    if argv[1] == "create":
        create(argv[2], argv[3], argv[4], len(argv) > 5 and argv[5] == "private")
        return 0
    if argv[1] in ("seed", "download"):
        return run(argv[2], argv[3], int(argv[4]), float(argv[5]), argv[1] == "download")
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
