namespace VideoMae.Checkpoints.Pickle;

/// <summary>
/// The pickle opcodes this reader understands: everything <c>torch.save</c> writes with protocol 2, plus the few
/// protocol 3/4 framing and string opcodes that are harmless to accept. Every other byte is refused.
/// </summary>
internal enum PickleOpcode : byte
{
    Mark = (byte)'(',
    Stop = (byte)'.',
    BinInt = (byte)'J',
    BinInt1 = (byte)'K',
    BinInt2 = (byte)'M',
    None = (byte)'N',
    BinPersId = (byte)'Q',
    Reduce = (byte)'R',
    BinString = (byte)'T',
    ShortBinString = (byte)'U',
    BinUnicode = (byte)'X',
    Append = (byte)'a',
    Build = (byte)'b',
    Global = (byte)'c',
    Dict = (byte)'d',
    EmptyDict = (byte)'}',
    Appends = (byte)'e',
    BinGet = (byte)'h',
    LongBinGet = (byte)'j',
    List = (byte)'l',
    EmptyList = (byte)']',
    BinPut = (byte)'q',
    LongBinPut = (byte)'r',
    SetItem = (byte)'s',
    Tuple = (byte)'t',
    EmptyTuple = (byte)')',
    SetItems = (byte)'u',
    BinFloat = (byte)'G',

    // Protocol 2.
    Proto = 0x80,
    NewObj = 0x81,
    Tuple1 = 0x85,
    Tuple2 = 0x86,
    Tuple3 = 0x87,
    NewTrue = 0x88,
    NewFalse = 0x89,
    Long1 = 0x8a,

    // Protocol 3.
    BinBytes = (byte)'B',
    ShortBinBytes = (byte)'C',

    // Protocol 4.
    ShortBinUnicode = 0x8c,
    BinUnicode8 = 0x8d,
    StackGlobal = 0x93,
    Memoize = 0x94,
    Frame = 0x95,
}
