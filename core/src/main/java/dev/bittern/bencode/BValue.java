package dev.bittern.bencode;

/**
 * A bencoded value (BEP 3, "bencoding"): byte string, integer, list or dictionary.
 * Byte strings are the primitive; text is only a view of them.
 */
public sealed interface BValue permits BString, BInteger, BList, BDictionary {

    /** A short name of the type for error messages: "string", "integer", "list", "dictionary". */
    String typeName();
}
