using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace VideoMae.Checkpoints.Pickle;

/// <summary>
/// A small, iterative unpickler for the subset of the pickle format that <c>torch.save</c> writes (protocol 2, with
/// the harmless protocol 3/4 additions). It only builds plain values: dicts become
/// <see cref="Dictionary{TKey, TValue}"/> (insertion order kept), lists <see cref="List{T}"/>, tuples
/// <c>object?[]</c>, integers <see cref="long"/> (or <see cref="BigInteger"/> beyond 64 bits), floats
/// <see cref="double"/>, text <see cref="string"/>, bytes <c>byte[]</c>. Globals, persistent ids, calls and
/// state go to an <see cref="IPickleResolver"/>, which decides what is allowed. Every malformed input (unknown
/// opcode, truncated data, stack underflow, missing memo entry, nesting deeper than <see cref="MaxMarkDepth"/>)
/// throws <see cref="InvalidDataException"/> naming the file and the offset.
/// </summary>
internal sealed class PickleMachine
{
    /// <summary>The deepest MARK nesting accepted; a state dict needs 3 or 4, an optimizer state a few more.</summary>
    public const int MaxMarkDepth = 100;

    private const int HighestProtocol = 5;

    private readonly byte[] _data;
    private readonly string _path;
    private readonly IPickleResolver _resolver;
    private readonly List<object?> _stack = [];
    private readonly List<int> _marks = [];
    private readonly Dictionary<uint, object?> _memo = [];
    private int _position;
    private int _opcodeStart;

    private PickleMachine(byte[] data, string path, IPickleResolver resolver)
    {
        _data = data;
        _path = path;
        _resolver = resolver;
    }

    /// <summary>Runs the pickle in <paramref name="data"/> up to its STOP and returns the object it built.</summary>
    /// <param name="data">The pickle bytes (a checkpoint's <c>data.pkl</c>).</param>
    /// <param name="path">The checkpoint file, named in every error.</param>
    /// <param name="resolver">Decides globals, persistent ids, calls and state.</param>
    public static object? Load(byte[] data, string path, IPickleResolver resolver) =>
        new PickleMachine(data, path, resolver).Run();

    private PickleContext At => new(_path, _opcodeStart);

    private InvalidDataException Error(string problem) => At.Error(problem);

    private object? Run()
    {
        while (true)
        {
            if (_position >= _data.Length)
                throw CheckpointErrors.Create(_path,
                    $"data.pkl ends after {_data.Length} bytes without a STOP opcode; the pickle is truncated");
            _opcodeStart = _position;
            var op = (PickleOpcode)_data[_position++];
            switch (op)
            {
                case PickleOpcode.Proto:
                    var protocol = ReadByte();
                    if (protocol > HighestProtocol)
                        throw Error($"the pickle uses protocol {protocol}; this reader knows protocols up to {HighestProtocol}");
                    break;
                case PickleOpcode.Frame:
                    ReadBytes(8); // Frames only announce how much follows; the opcodes inside are read as usual.
                    break;
                case PickleOpcode.Stop:
                    return Pop();

                case PickleOpcode.Mark:
                    if (_marks.Count >= MaxMarkDepth)
                        throw Error($"the pickle nests deeper than {MaxMarkDepth} levels");
                    _marks.Add(_stack.Count);
                    break;

                case PickleOpcode.None: Push(null); break;
                case PickleOpcode.NewTrue: Push(true); break;
                case PickleOpcode.NewFalse: Push(false); break;
                case PickleOpcode.BinInt: Push((long)BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4))); break;
                case PickleOpcode.BinInt1: Push((long)ReadByte()); break;
                case PickleOpcode.BinInt2: Push((long)BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2))); break;
                case PickleOpcode.Long1: Push(ReadLong(ReadByte())); break;
                case PickleOpcode.BinFloat: Push(BinaryPrimitives.ReadDoubleBigEndian(ReadBytes(8))); break;

                case PickleOpcode.BinUnicode: Push(ReadUtf8(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4)))); break;
                case PickleOpcode.ShortBinUnicode: Push(ReadUtf8(ReadByte())); break;
                case PickleOpcode.BinUnicode8: Push(ReadUtf8(BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(8)))); break;
                case PickleOpcode.BinString:
                    var stringLength = BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4));
                    if (stringLength < 0)
                        throw Error($"BINSTRING has the negative length {stringLength}");
                    Push(Encoding.Latin1.GetString(ReadBytes((ulong)stringLength)));
                    break;
                case PickleOpcode.ShortBinString: Push(Encoding.Latin1.GetString(ReadBytes(ReadByte()))); break;
                case PickleOpcode.BinBytes: Push(ReadBytes(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4))).ToArray()); break;
                case PickleOpcode.ShortBinBytes: Push(ReadBytes(ReadByte()).ToArray()); break;

                case PickleOpcode.EmptyDict: Push(new Dictionary<object, object?>()); break;
                case PickleOpcode.EmptyList: Push(new List<object?>()); break;
                case PickleOpcode.EmptyTuple: Push(Array.Empty<object?>()); break;
                case PickleOpcode.Tuple: Push(PopMark()); break;
                case PickleOpcode.Tuple1: Push(PopMany(1)); break;
                case PickleOpcode.Tuple2: Push(PopMany(2)); break;
                case PickleOpcode.Tuple3: Push(PopMany(3)); break;
                case PickleOpcode.List: Push(new List<object?>(PopMark())); break;
                case PickleOpcode.Dict:
                    var dict = new Dictionary<object, object?>();
                    SetItems(dict, PopMark());
                    Push(dict);
                    break;

                case PickleOpcode.Append:
                    var item = Pop();
                    PeekList("APPEND").Add(item);
                    break;
                case PickleOpcode.Appends:
                    var items = PopMark();
                    PeekList("APPENDS").AddRange(items);
                    break;
                case PickleOpcode.SetItem:
                    var pair = PopMany(2);
                    SetItems(PeekDict("SETITEM"), pair);
                    break;
                case PickleOpcode.SetItems:
                    var pairs = PopMark();
                    SetItems(PeekDict("SETITEMS"), pairs);
                    break;

                case PickleOpcode.BinPut: Put(ReadByte()); break;
                case PickleOpcode.LongBinPut: Put(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4))); break;
                case PickleOpcode.Memoize: Put((uint)_memo.Count); break;
                case PickleOpcode.BinGet: Get(ReadByte()); break;
                case PickleOpcode.LongBinGet: Get(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4))); break;

                case PickleOpcode.Global:
                    var module = ReadLine();
                    var name = ReadLine();
                    Push(_resolver.FindGlobal(module, name, At));
                    break;
                case PickleOpcode.StackGlobal:
                    var names = PopMany(2);
                    if (names[0] is not string stackModule || names[1] is not string stackName)
                        throw Error("STACK_GLOBAL expects two strings (module and name) on the stack");
                    Push(_resolver.FindGlobal(stackModule, stackName, At));
                    break;
                case PickleOpcode.BinPersId:
                    Push(_resolver.PersistentLoad(Pop(), At));
                    break;
                case PickleOpcode.Reduce:
                    var reduce = PopMany(2);
                    Push(_resolver.Reduce(reduce[0], Arguments(reduce[1], "REDUCE"), At));
                    break;
                case PickleOpcode.NewObj:
                    var newObj = PopMany(2);
                    Push(_resolver.NewObj(newObj[0], Arguments(newObj[1], "NEWOBJ"), At));
                    break;
                case PickleOpcode.Build:
                    var state = Pop();
                    _resolver.Build(Peek("BUILD"), state, At);
                    break;

                default:
                    throw Error($"the pickle has the opcode 0x{(byte)op:X2}{Printable((byte)op)}, which this reader does not support");
            }
        }
    }

    private static string Printable(byte op) => op is >= 0x21 and < 0x7F ? $" ('{(char)op}')" : "";

    // ---- stack ------------------------------------------------------------------------------------------------

    private int Fence => _marks.Count == 0 ? 0 : _marks[^1];

    private void Push(object? value) => _stack.Add(value);

    private object? Pop()
    {
        if (_stack.Count <= Fence)
            throw Error($"the pickle stack underflows at opcode 0x{_data[_opcodeStart]:X2}");
        var value = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return value;
    }

    private object? Peek(string opcode)
    {
        if (_stack.Count <= Fence)
            throw Error($"the pickle stack underflows at {opcode}");
        return _stack[^1];
    }

    private object?[] PopMany(int count)
    {
        if (_stack.Count - Fence < count)
            throw Error($"the pickle stack underflows at opcode 0x{_data[_opcodeStart]:X2} (needs {count} items)");
        var values = _stack.GetRange(_stack.Count - count, count).ToArray();
        _stack.RemoveRange(_stack.Count - count, count);
        return values;
    }

    private object?[] PopMark()
    {
        if (_marks.Count == 0)
            throw Error($"opcode 0x{_data[_opcodeStart]:X2} needs a MARK but none is on the stack");
        var mark = _marks[^1];
        _marks.RemoveAt(_marks.Count - 1);
        var values = _stack.GetRange(mark, _stack.Count - mark).ToArray();
        _stack.RemoveRange(mark, _stack.Count - mark);
        return values;
    }

    private List<object?> PeekList(string opcode) =>
        Peek(opcode) as List<object?> ?? throw Error($"{opcode} expects a list below its items, found {Describe(_stack[^1])}");

    private Dictionary<object, object?> PeekDict(string opcode) =>
        Peek(opcode) as Dictionary<object, object?> ?? throw Error($"{opcode} expects a dict below its items, found {Describe(_stack[^1])}");

    private object?[] Arguments(object? value, string opcode) =>
        value as object?[] ?? throw Error($"{opcode} expects a tuple of arguments, found {Describe(value)}");

    private void SetItems(Dictionary<object, object?> dict, object?[] keysAndValues)
    {
        if (keysAndValues.Length % 2 != 0)
            throw Error($"a dict needs keys and values in pairs, found {keysAndValues.Length} items");
        for (var i = 0; i < keysAndValues.Length; i += 2)
        {
            var key = keysAndValues[i] ?? throw Error("a dict key is None, which this reader does not support");
            if (key is List<object?> or Dictionary<object, object?>)
                throw Error($"a dict key is a {Describe(key)}, which Python cannot hash");
            dict[key] = keysAndValues[i + 1];
        }
    }

    private void Put(uint index)
    {
        if (_stack.Count <= Fence)
            throw Error($"the pickle stack underflows at a memo put (index {index})");
        _memo[index] = _stack[^1];
    }

    private void Get(uint index)
    {
        if (!_memo.TryGetValue(index, out var value))
            throw Error($"the pickle reads memo entry {index}, which was never stored ({_memo.Count} entries so far)");
        Push(value);
    }

    /// <summary>A short description of a value for error messages.</summary>
    internal static string Describe(object? value) => value switch
    {
        null => "None",
        Dictionary<object, object?> => "dict",
        List<object?> => "list",
        object?[] t => $"tuple of {t.Length}",
        string => "str",
        long or BigInteger => "int",
        double => "float",
        bool => "bool",
        byte[] => "bytes",
        _ => value.ToString() ?? value.GetType().Name,
    };

    // ---- reading ----------------------------------------------------------------------------------------------

    private ReadOnlySpan<byte> ReadBytes(ulong count)
    {
        var remaining = (ulong)(_data.Length - _position);
        if (count > remaining)
            throw Error($"opcode 0x{_data[_opcodeStart]:X2} needs {count} more bytes but data.pkl has only {remaining} left; the pickle is truncated");
        var span = _data.AsSpan(_position, (int)count);
        _position += (int)count;
        return span;
    }

    private byte ReadByte() => ReadBytes(1)[0];

    private string ReadUtf8(ulong length)
    {
        var bytes = ReadBytes(length);
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Error("a unicode string is not valid UTF-8");
        }
    }

    private string ReadLine()
    {
        var end = Array.IndexOf(_data, (byte)'\n', _position);
        if (end < 0)
            throw Error("GLOBAL's name runs to the end of data.pkl without a newline; the pickle is truncated");
        var line = Encoding.UTF8.GetString(_data, _position, end - _position);
        _position = end + 1;
        return line;
    }

    private object ReadLong(int length)
    {
        // LONG1: little-endian two's complement; 0 bytes is 0.
        var bytes = ReadBytes((ulong)length);
        var value = new BigInteger(bytes, isUnsigned: false, isBigEndian: false);
        // Boxed before the choice: the conditional's common type would otherwise make every value a BigInteger.
        return value >= long.MinValue && value <= long.MaxValue ? (object)(long)value : value;
    }
}
