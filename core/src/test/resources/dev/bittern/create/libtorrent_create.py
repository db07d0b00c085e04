# Reference torrents from libtorrent 2.0 for CreateInteropTest. Run with /usr/bin/python3
# (the Debian python that has the libtorrent binding).
#   create PATH PIECE_LENGTH OUT  -> writes OUT, prints the v1 info-hash
#   load TORRENT                  -> prints the info-hash, then "size<TAB>path" per file
import os
import sys

import libtorrent as lt


def create(path, piece_length, out):
    path = os.path.abspath(path)
    fs = lt.file_storage()
    if os.path.isfile(path):
        lt.add_files(fs, path)
    else:
        # lt.add_files keeps the directory listing order, which depends on the filesystem.
        # Add the files in the order mktorrent uses: whole relative path, byte-wise (strcmp).
        name = os.path.basename(path)
        rels = []
        for d, _dirs, files in os.walk(path, followlinks=True):
            for f in files:
                rels.append(os.path.relpath(os.path.join(d, f), path))
        rels.sort(key=os.fsencode)
        for r in rels:
            fs.add_file(os.path.join(name, r), os.path.getsize(os.path.join(path, r)))
    t = lt.create_torrent(fs, piece_length, flags=lt.create_torrent.v1_only)
    lt.set_piece_hashes(t, os.path.dirname(path))
    with open(out, "wb") as f:
        f.write(lt.bencode(t.generate()))
    print(lt.torrent_info(out).info_hash())


def load(torrent):
    ti = lt.torrent_info(torrent)
    files = ti.files()
    print(ti.info_hash())
    for i in range(files.num_files()):
        print("%d\t%s" % (files.file_size(i), files.file_path(i)))


if __name__ == "__main__":
    if sys.argv[1] == "create":
        create(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    elif sys.argv[1] == "load":
        load(sys.argv[2])
    else:
        sys.exit("unknown mode " + sys.argv[1])
