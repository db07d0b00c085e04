# A real libtorrent 2.0 peer for the wire interop tests, on 127.0.0.1 only.
#   make  DIR SIZE PIECE_LENGTH   writes DIR/data.bin (byte i = (7*i + 13) mod 256) and DIR/seed.torrent (v1)
#   seed  DIR                     seeds it; prints the listen port, runs until stdin closes
#   leech DIR PORT                downloads it into DIR/leech from the peer at 127.0.0.1:PORT; prints "complete"
import os
import sys
import time

import libtorrent as lt


def session():
    # Plaintext only: Bittern does not speak MSE/PE encryption, and libtorrent's default outgoing
    # policy would open with an encrypted handshake and reconnect in plaintext only much later.
    return lt.session({
        "listen_interfaces": "127.0.0.1:0",
        "out_enc_policy": lt.enc_policy.disabled, "in_enc_policy": lt.enc_policy.enabled,
        "enable_dht": False, "enable_lsd": False, "enable_upnp": False, "enable_natpmp": False,
        "allow_multiple_connections_per_ip": True,
        "alert_mask": lt.alert.category_t.error_notification | lt.alert.category_t.storage_notification,
    })


def wait_for(handle, state, what):
    deadline = time.time() + 30
    while handle.status().state != state:
        if time.time() > deadline:
            sys.exit("libtorrent did not " + what + " within 30 s: " + str(handle.status().state)
                     + ", progress " + str(handle.status().progress))
        time.sleep(0.05)


mode, directory = sys.argv[1], sys.argv[2]
torrent_path = os.path.join(directory, "seed.torrent")
if mode == "make":
    size, piece_length = int(sys.argv[3]), int(sys.argv[4])
    path = os.path.join(directory, "data.bin")
    with open(path, "wb") as f:
        f.write(bytes((i * 7 + 13) & 0xFF for i in range(size)))
    fs = lt.file_storage()
    lt.add_files(fs, path)
    ct = lt.create_torrent(fs, piece_length, flags=lt.create_torrent.v1_only)
    lt.set_piece_hashes(ct, directory)
    with open(torrent_path, "wb") as f:
        f.write(lt.bencode(ct.generate()))
elif mode == "seed":
    s = session()
    h = s.add_torrent({"ti": lt.torrent_info(torrent_path), "save_path": directory})
    wait_for(h, lt.torrent_status.seeding, "start seeding")
    print(s.listen_port(), flush=True)
    sys.stdin.read()
elif mode == "leech":
    s = session()
    h = s.add_torrent({"ti": lt.torrent_info(torrent_path), "save_path": os.path.join(directory, "leech")})
    h.connect_peer(("127.0.0.1", int(sys.argv[3])))
    wait_for(h, lt.torrent_status.seeding, "complete the download")
    # "Seeding" comes once every piece passed its hash check, which libtorrent 2.0 does on blocks
    # still in its store buffer: the file may not be written (or even created) yet. flush_cache()
    # posts cache_flushed_alert after the torrent's outstanding writes are done.
    h.flush_cache()
    deadline = time.time() + 30
    while not any(isinstance(a, lt.cache_flushed_alert) for a in s.pop_alerts()):
        if time.time() > deadline:
            sys.exit("libtorrent did not flush its disk cache within 30 s")
        s.wait_for_alert(100)
    print("complete", flush=True)
else:
    sys.exit("unknown mode " + mode)
