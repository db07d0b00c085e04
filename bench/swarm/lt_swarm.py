#!/usr/bin/python3
"""The `bittern swarm` experiment with libtorrent 2.0 peers, for bench/swarm/run.sh.

One seed and N leechers, each its own libtorrent session (own listen port on 127.0.0.1, own
upload/download limit), all in this process, finding each other through the tracker given with
--tracker. The clock starts just before the first leecher is added (the seed already has the
file, as in `bittern swarm`). Prints one line per leecher and a summary:

  peer <i> <completion seconds> <mean upload bytes/s while downloading>
  result <N> <last completion s> <p2p bound s> <ratio> <mean leecher upload B/s> <max leecher upload B/s>

Rate limits must apply to loopback peers: libtorrent exempts local peers unless told otherwise, so
every session sets ignore_limits_on_local_network=False and maps every address to the global peer
class (as core/src/test/resources/interop/lt_peer.py does); the summary's leecher upload rates show
whether the limit held (they must not exceed --peer-up).
"""
import argparse
import os
import random
import sys
import tempfile
import time

import libtorrent as lt


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--peers", type=int, required=True)
    p.add_argument("--size", type=int, required=True, help="bytes")
    p.add_argument("--seed-up", type=int, required=True, help="bytes/s")
    p.add_argument("--peer-up", type=int, required=True, help="bytes/s")
    p.add_argument("--peer-down", type=int, default=0, help="bytes/s, 0 = unlimited")
    p.add_argument("--tracker", required=True, help="announce URL")
    p.add_argument("--timeout", type=float, default=600.0)
    p.add_argument("--dir", default=None, help="work folder (default: a temporary one)")
    return p.parse_args()


def piece_length(size):
    """The same rule as EngineSwarmPeers.pieceLength: largest power of two <= F/64, 16 KiB..256 KiB."""
    target = max(16 * 1024, min(256 * 1024, size // 64))
    return 1 << (target.bit_length() - 1)


def session(up, down):
    s = lt.session({
        "listen_interfaces": "127.0.0.1:0",
        "outgoing_interfaces": "127.0.0.1",
        "allow_multiple_connections_per_ip": True,
        "enable_dht": False,
        "enable_lsd": False,
        "enable_upnp": False,
        "enable_natpmp": False,
        "enable_incoming_utp": False,
        "enable_outgoing_utp": False,
        "upload_rate_limit": up,
        "download_rate_limit": down,
        "ignore_limits_on_local_network": False,
        "alert_mask": lt.alert.category_t.error_notification,
        "out_enc_policy": lt.enc_policy.disabled,
        "in_enc_policy": lt.enc_policy.enabled,
        "peer_connect_timeout": 5,
        "min_reconnect_time": 1,
        # Announce at once, not after the default start-up delays.
        "min_announce_interval": 1,
    })
    f = lt.ip_filter()
    f.add_rule("0.0.0.0", "255.255.255.255", 1 << lt.session.global_peer_class_id)
    s.set_peer_class_filter(f)
    return s


def add(s, torrent_file, folder, seed):
    atp = lt.add_torrent_params()
    atp.ti = lt.torrent_info(torrent_file)
    atp.save_path = folder
    atp.flags &= ~lt.torrent_flags.auto_managed
    atp.flags &= ~lt.torrent_flags.paused
    if seed:
        atp.flags |= lt.torrent_flags.seed_mode  # the data was just written: no hash check
    return s.add_torrent(atp)


def main():
    a = parse_args()
    work = a.dir or tempfile.mkdtemp(prefix="bittern-lt-swarm-")
    seed_dir = os.path.join(work, "seed")
    os.makedirs(seed_dir, exist_ok=True)
    data = os.path.join(seed_dir, "swarm.bin")
    rnd = random.Random(1)
    with open(data, "wb") as f:
        left = a.size
        while left > 0:
            n = min(left, 1 << 20)
            f.write(rnd.randbytes(n))
            left -= n
    fs = lt.file_storage()
    lt.add_files(fs, data)
    t = lt.create_torrent(fs, piece_length(a.size), flags=lt.create_torrent.v1_only)
    t.add_tracker(a.tracker, 0)
    lt.set_piece_hashes(t, seed_dir)
    torrent_file = os.path.join(work, "swarm.torrent")
    with open(torrent_file, "wb") as f:
        f.write(lt.bencode(t.generate()))

    seed = session(a.seed_up, 0)
    add(seed, torrent_file, seed_dir, True)
    time.sleep(1.0)  # the seed announces first, as in `bittern swarm`
    start = time.monotonic()
    leechers = []
    for i in range(a.peers):
        s = session(a.peer_up, a.peer_down)
        folder = os.path.join(work, "peer-%d" % (i + 1))
        os.makedirs(folder, exist_ok=True)
        leechers.append((s, add(s, torrent_file, folder, False)))
    done = [None] * a.peers
    uploaded_at_done = [0] * a.peers
    deadline = start + a.timeout
    while None in done and time.monotonic() < deadline:
        time.sleep(0.1)
        now = time.monotonic()
        for i, (s, h) in enumerate(leechers):
            s.pop_alerts()
            if done[i] is None:
                st = h.status()
                if st.is_finished and st.state not in (lt.torrent_status.checking_files,
                                                       lt.torrent_status.checking_resume_data):
                    done[i] = now - start
                    uploaded_at_done[i] = st.total_payload_upload
    n = a.peers
    bound = max(a.size / a.seed_up, (n * a.size) / (a.seed_up + n * a.peer_up))
    if a.peer_down > 0:
        bound = max(bound, a.size / a.peer_down)
    ups = []
    for i in range(n):
        secs = done[i] if done[i] is not None else float("nan")
        up = uploaded_at_done[i] / done[i] if done[i] else 0.0
        ups.append(up)
        print("peer %d %.1f %.0f" % (i + 1, secs, up))
    last = max(d for d in done if d is not None) if None not in done else float("nan")
    print("result %d %.1f %.1f %.3f %.0f %.0f" % (n, last, bound, last / bound, sum(ups) / n, max(ups)))
    sys.stdout.flush()
    # Skip session teardown (slow with many sessions); the caller removes the folder.
    os._exit(0 if None not in done else 1)


if __name__ == "__main__":
    main()
