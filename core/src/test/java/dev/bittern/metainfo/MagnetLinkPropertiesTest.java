package dev.bittern.metainfo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bittern.metainfo.MagnetLink.Peer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class MagnetLinkPropertiesTest {

    @Property
    void formattingThenParsingGivesTheSameLink(@ForAll("links") MagnetLink link) {
        assertThat(MagnetLink.parse(link.toUri())).isEqualTo(link);
    }

    @Property
    void formattedLinksAreAsciiWithOnlyUnreservedOrEscapedCharacters(@ForAll("links") MagnetLink link) {
        assertThat(link.toUri()).matches("magnet:\\?xt=urn:btih:[0-9a-f]{40}(&(dn|tr|x\\.pe)=[A-Za-z0-9._~%-]*)*");
    }

    @Provide
    Arbitrary<MagnetLink> links() {
        Arbitrary<InfoHash> hashes = Arbitraries.bytes().array(byte[].class).ofSize(20).map(InfoHash::of);
        // Any text without unpaired surrogates (those have no UTF-8 form).
        Arbitrary<String> text = Arbitraries.strings().all().excludeChars(surrogates()).ofMaxLength(30);
        Arbitrary<String> trackers = Combinators.combine(
                        Arbitraries.of("http", "https", "udp", "wss"),
                        Arbitraries.strings().withChars("abcxyz0123456789.-_~:/?&=%+[]@!$'()*,;").ofMinLength(1).ofMaxLength(30))
                .as((scheme, rest) -> scheme + "://" + rest);
        Arbitrary<Peer> v4 = Combinators.combine(Arbitraries.integers().between(0, 255).list().ofSize(4),
                        Arbitraries.integers().between(1, 65535))
                .as((octets, port) -> new Peer(octets.get(0) + "." + octets.get(1) + "." + octets.get(2) + "." + octets.get(3), port));
        Arbitrary<Peer> v6 = Combinators.combine(Arbitraries.integers().between(0, 0xffff).list().ofMinSize(2).ofMaxSize(8),
                        Arbitraries.integers().between(1, 65535))
                .as((groups, port) -> new Peer(String.join(":", groups.stream().map(Integer::toHexString).toList())
                        + (groups.size() < 8 ? "::" : ""), port));
        Arbitrary<Peer> named = Combinators.combine(Arbitraries.strings().withChars("abcdef.-_0123").ofMinLength(1).ofMaxLength(20),
                Arbitraries.integers().between(1, 65535)).as(Peer::new);
        return Combinators.combine(
                hashes,
                text.optional(),
                trackers.list().ofMaxSize(5),
                Arbitraries.oneOf(v4, v6, named).list().ofMaxSize(4))
                .as(MagnetLink::new);
    }

    private static char[] surrogates() {
        char[] s = new char[0xE000 - 0xD800];
        for (int i = 0; i < s.length; i++) {
            s[i] = (char) (0xD800 + i);
        }
        return s;
    }

}
