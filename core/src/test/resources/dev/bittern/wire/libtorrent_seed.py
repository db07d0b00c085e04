# Seeds one small v1 torrent with libtorrent on 127.0.0.1 for wire interop tests.
# Usage: /usr/bin/python3 libtorrent_seed.py DIR SIZE PIECE_LENGTH
# Writes DIR/data.bin and DIR/seed.torrent, prints "PORT" once seeding, and runs until stdin closes.
import os
import sys
import time

import libtorrent as lt

directory, size, piece_length = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
path = os.path.join(directory, "data.bin")
with open(path, "wb") as f:
    f.write(bytes((i * 7 + 13) & 0xFF for i in range(size)))

fs = lt.file_storage()
lt.add_files(fs, path)
ct = lt.create_torrent(fs, piece_length, flags=lt.create_torrent.v1_only)
lt.set_piece_hashes(ct, directory)
torrent = lt.bencode(ct.generate())
with open(os.path.join(directory, "seed.torrent"), "wb") as f:
    f.write(torrent)

session = lt.session({
    "listen_interfaces": "127.0.0.1:0",
    "enable_dht": False, "enable_lsd": False, "enable_upnp": False, "enable_natpmp": False,
    "allow_multiple_connections_per_ip": True,
})
handle = session.add_torrent({"ti": lt.torrent_info(torrent), "save_path": directory})
deadline = time.time() + 30
while handle.status().state != lt.torrent_status.seeding:
    if time.time() > deadline:
        sys.exit("libtorrent did not start seeding within 30 s: " + str(handle.status().state))
    time.sleep(0.05)
print(session.listen_port(), flush=True)
sys.stdin.read()
