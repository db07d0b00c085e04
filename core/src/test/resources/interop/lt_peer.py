#!/usr/bin/python3
"""Test peer for Bittern's interop tests, driven by dev.bittern.interop.LibtorrentPeer.

Runs ONE torrent in a libtorrent 2.0 session bound to 127.0.0.1 and prints machine-readable
lines on stdout (flushed), which the Java fixture awaits:

  listening <port>                  the session listens (the port is the real one)
  progress <pct> <down> <up> <peers> <pieces>
                                    every --interval seconds; pct 0..100 with one decimal (counts
                                    received but not yet verified blocks too), down/up = payload
                                    rates in bytes/s, peers = connected peers, pieces = verified pieces
  peer <pid-hex> <down> <up>        payload bytes received from / sent to one connected peer
                                    (libtorrent's per-connection totals, peer id in hex), printed
                                    with each progress line when they changed
  hashfail <piece>                  a downloaded piece failed its SHA-1 check
  finished                          all wanted pieces are downloaded and hash-checked
  seeding                           the torrent is in the seeding state (also printed by a seeder)
  error <text>                      a torrent or listen error; the script keeps running
  exit <reason>                     just before exiting (stdin-closed | timeout | finished)

Modes:
  run    --torrent T --dir D [--seed]   seed (data already in D) or download into D
  create --path P --out T --piece-length N [--tracker URL]...   make a v1-only .torrent

Exit: when stdin is closed (the Java side closes it in close()), after --timeout seconds, or,
with --exit-when-finished, once finished.
"""
import argparse
import os
import sys
import threading
import time

import libtorrent as lt


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="mode", required=True)
    run = sub.add_parser("run")
    run.add_argument("--torrent", required=True)
    run.add_argument("--dir", required=True)
    run.add_argument("--seed", action="store_true", help="the data is in --dir; check it and seed")
    run.add_argument("--port", type=int, default=0, help="listen port on 127.0.0.1 (0 = any free)")
    run.add_argument("--peer", action="append", default=[], help="HOST:PORT to connect to (repeatable)")
    run.add_argument("--tracker", action="store_true", help="announce to the torrent's trackers")
    run.add_argument("--upload-limit", type=int, default=0, help="bytes/s, 0 = unlimited")
    run.add_argument("--download-limit", type=int, default=0, help="bytes/s, 0 = unlimited")
    run.add_argument("--timeout", type=float, default=600.0, help="exit after this many seconds")
    run.add_argument("--interval", type=float, default=0.5, help="seconds between progress lines")
    run.add_argument("--exit-when-finished", action="store_true")
    create = sub.add_parser("create")
    create.add_argument("--path", required=True)
    create.add_argument("--out", required=True)
    create.add_argument("--piece-length", type=int, default=16384)
    create.add_argument("--tracker", action="append", default=[])
    return p.parse_args()


def say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def create(args):
    fs = lt.file_storage()
    lt.add_files(fs, args.path)
    t = lt.create_torrent(fs, args.piece_length, flags=lt.create_torrent.v1_only)
    for tier, url in enumerate(args.tracker):
        t.add_tracker(url, tier)
    lt.set_piece_hashes(t, os.path.dirname(os.path.abspath(args.path)))
    with open(args.out, "wb") as f:
        f.write(lt.bencode(t.generate()))
    say("infohash " + str(lt.torrent_info(args.out).info_hash()))


def session_for(args):
    settings = {
        "listen_interfaces": "127.0.0.1:%d" % args.port,
        "outgoing_interfaces": "127.0.0.1",
        # A loopback swarm: every peer has the same IP.
        "allow_multiple_connections_per_ip": True,
        "enable_dht": False,
        "enable_lsd": False,
        "enable_upnp": False,
        "enable_natpmp": False,
        "enable_incoming_utp": False,
        "enable_outgoing_utp": False,
        "upload_rate_limit": args.upload_limit,
        "download_rate_limit": args.download_limit,
        # Without this, loopback peers are not rate limited. Deprecated in 2.0 but still honoured
        # by 2.0.8 (measured: 2 MiB at a 300 kB/s upload limit takes ~7 s; with the default True
        # it takes ~1 s). The peer class filter below does the same the 2.0 way.
        "ignore_limits_on_local_network": False,
        "alert_mask": lt.alert.category_t.status_notification | lt.alert.category_t.error_notification
        | lt.alert.category_t.storage_notification,
        # libtorrent dials with an MSE/PE (BEP 8 draft) encrypted handshake by default and only
        # falls back to plain text after that fails; dial in plain text, so a peer without MSE
        # (Bittern, HostilePeer) sees "\x13BitTorrent protocol" at once. Incoming: both accepted.
        "out_enc_policy": lt.enc_policy.disabled,
        "in_enc_policy": lt.enc_policy.enabled,
        "peer_connect_timeout": 5,
        "min_reconnect_time": 1,
    }
    s = lt.session(settings)
    # libtorrent 2.0 puts loopback/LAN peers in the "local" peer class, which is exempt from the
    # session rate limits; map every address to the global class only, so they apply to 127.0.0.1.
    f = lt.ip_filter()
    f.add_rule("0.0.0.0", "255.255.255.255", 1 << lt.session.global_peer_class_id)
    f.add_rule("::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 1 << lt.session.global_peer_class_id)
    s.set_peer_class_filter(f)
    return s


def flush_to_disk(s, h, on_alert):
    """Returns once libtorrent has written every downloaded block into the files.

    libtorrent 2.0 hashes blocks still held in its store buffer, so a torrent can be "finished"
    (even "seeding") before its disk threads have written them or created the file: a file
    compared right after "finished", or lost by os._exit, could be short or missing. flush_cache()
    queues a release-files job that waits for the torrent's outstanding writes and then posts
    cache_flushed_alert. Other alerts that arrive meanwhile go to on_alert.
    """
    h.flush_cache()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        for a in s.pop_alerts():
            if isinstance(a, lt.cache_flushed_alert):
                return
            on_alert(a)
        s.wait_for_alert(100)
    say("error libtorrent did not flush its disk cache within 30 s")


def report_peers(h, last):
    """Prints a "peer" line for every connected peer whose byte totals changed since the last one."""
    for p in h.get_peer_info():
        key = str(p.pid)
        figures = (p.total_download, p.total_upload)
        if last.get(key) != figures:
            last[key] = figures
            say("peer %s %d %d" % (key, figures[0], figures[1]))


def run(args):
    stop = threading.Event()
    reason = ["timeout"]

    def watch_stdin():
        try:
            # os.read, not sys.stdin: a daemon thread blocked in a buffered read aborts the
            # interpreter at shutdown.
            while os.read(0, 4096):
                pass
        except (OSError, ValueError):
            pass
        reason[0] = "stdin-closed"
        stop.set()

    threading.Thread(target=watch_stdin, daemon=True).start()
    s = session_for(args)
    ti = lt.torrent_info(args.torrent)
    atp = lt.add_torrent_params()
    atp.ti = ti
    atp.save_path = args.dir
    atp.flags &= ~lt.torrent_flags.auto_managed
    atp.flags &= ~lt.torrent_flags.paused
    if not args.tracker:
        # Start without trackers, so nothing is announced; peers come from --peer only.
        atp.trackers = []
        atp.flags |= lt.torrent_flags.override_trackers
    h = s.add_torrent(atp)
    peers = []
    for p in args.peer:
        host, _, port = p.rpartition(":")
        peers.append((host, int(port)))

    deadline = time.monotonic() + args.timeout
    next_progress = 0.0
    next_connect = 0.0
    finished_said = seeding_said = False
    peer_totals = {}
    def on_alert(a):
        if isinstance(a, lt.listen_succeeded_alert):
            if a.socket_type == lt.socket_type_t.tcp:
                say("listening %d" % a.port)
        elif isinstance(a, lt.hash_failed_alert):
            say("hashfail %d" % a.piece_index)
        elif isinstance(a, (lt.listen_failed_alert, lt.torrent_error_alert, lt.file_error_alert)):
            say("error " + a.message().replace("\n", " "))

    while not stop.is_set() and time.monotonic() < deadline:
        for a in s.pop_alerts():
            on_alert(a)
        st = h.status()
        now = time.monotonic()
        # Reconnect while nobody is connected: a peer that is still starting refuses the first dial.
        if peers and st.num_peers == 0 and now >= next_connect and st.state not in (
                lt.torrent_status.checking_files, lt.torrent_status.checking_resume_data):
            for ep in peers:
                h.connect_peer(ep)
            next_connect = now + 2.0
        done = st.is_finished and st.state not in (
            lt.torrent_status.checking_files, lt.torrent_status.checking_resume_data)
        # A progress line right before "finished", so the last one seen then is the final state.
        if now >= next_progress or (done and not finished_said):
            say("progress %.1f %d %d %d %d" % (st.progress * 100.0, st.download_payload_rate,
                                               st.upload_payload_rate, st.num_peers, st.num_pieces))
            next_progress = now + args.interval
            report_peers(h, peer_totals)
        if done and not finished_said:
            finished_said = True
            flush_to_disk(s, h, on_alert)
            say("finished")
            if args.exit_when_finished:
                reason[0] = "finished"
                break
        if st.state == lt.torrent_status.seeding and not seeding_said:
            seeding_said = True
            say("seeding")
        s.wait_for_alert(100)
    report_peers(h, peer_totals)
    say("exit " + reason[0])
    # Skip interpreter teardown: the stdin thread may still be blocked in read().
    os._exit(0)


def main():
    args = parse_args()
    if args.mode == "create":
        create(args)
    else:
        run(args)


if __name__ == "__main__":
    main()
