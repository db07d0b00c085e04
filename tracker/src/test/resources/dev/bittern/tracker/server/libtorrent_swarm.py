"""Two libtorrent sessions that know only the tracker URL find each other through it and
complete a download. Usage: libtorrent_swarm.py TRACKER_URL WORKDIR. Exit 0 = download complete
and identical. Every wait is bounded; prints progress lines for the test log."""
import os
import sys
import time

import libtorrent as lt

tracker, work = sys.argv[1], sys.argv[2]
seed_dir = os.path.join(work, "seed")
leech_dir = os.path.join(work, "leech")
os.makedirs(seed_dir, exist_ok=True)
os.makedirs(leech_dir, exist_ok=True)
payload = os.urandom(3 * 1024 * 1024 + 12345)
with open(os.path.join(seed_dir, "payload.bin"), "wb") as f:
    f.write(payload)

fs = lt.file_storage()
lt.add_files(fs, os.path.join(seed_dir, "payload.bin"))
# v1 only: one info-hash, as the tracker test expects (a hybrid torrent announces two).
ct = lt.create_torrent(fs, 256 * 1024, flags=lt.create_torrent.v1_only)
ct.add_tracker(tracker)
lt.set_piece_hashes(ct, seed_dir)
info = lt.torrent_info(lt.bencode(ct.generate()))
print("info-hash", info.info_hash(), flush=True)


def session():
    return lt.session({
        "listen_interfaces": "127.0.0.1:0",
        "enable_dht": False, "enable_lsd": False, "enable_upnp": False, "enable_natpmp": False,
        "allow_multiple_connections_per_ip": True,
        "alert_mask": lt.alert.category_t.error_notification | lt.alert.category_t.tracker_notification,
    })


seeder, leecher = session(), session()
hs = seeder.add_torrent({"ti": info, "save_path": seed_dir})
deadline = time.time() + 30
while not hs.status().is_seeding and time.time() < deadline:
    time.sleep(0.1)
if not hs.status().is_seeding:
    print("seeder did not finish checking its data", flush=True)
    sys.exit(2)
# Make the seed announce now that it is a seed, so the tracker has it before the leecher asks.
hs.force_reannounce()
time.sleep(1)
hl = leecher.add_torrent({"ti": lt.torrent_info(info), "save_path": leech_dir})

deadline = time.time() + 90
last = 0
while time.time() < deadline:
    s = hl.status()
    for sess in (seeder, leecher):
        for a in sess.pop_alerts():
            print("alert:", a.message(), flush=True)
    if s.is_seeding:
        break
    if time.time() - last > 2:
        print("leecher progress %.2f peers %d" % (s.progress, s.num_peers), flush=True)
        last = time.time()
    time.sleep(0.2)
if not hl.status().is_seeding:
    print("download did not complete in time", flush=True)
    sys.exit(3)
with open(os.path.join(leech_dir, "payload.bin"), "rb") as f:
    ok = f.read() == payload
print("complete, identical:", ok, flush=True)
# Give the leecher's "completed" announce time to be answered, so the tracker can count it.
deadline = time.time() + 5
replied = False
while time.time() < deadline and not replied:
    for a in leecher.pop_alerts():
        print("alert:", a.message(), flush=True)
        if isinstance(a, lt.tracker_reply_alert):
            replied = True
    time.sleep(0.1)
print("tracker answered after completion:", replied, flush=True)
# Removing the torrents sends their "stopped" announces; keep the sessions (and their UDP
# socket) alive for a bounded moment so those go out and are answered.
seeder.remove_torrent(hs)
leecher.remove_torrent(hl)
deadline = time.time() + 5
while time.time() < deadline:
    for sess in (seeder, leecher):
        for a in sess.pop_alerts():
            print("alert:", a.message(), flush=True)
    time.sleep(0.1)
sys.exit(0 if ok else 4)
