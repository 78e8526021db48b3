using System.Buffers.Binary;
using System.Text;

namespace VideoMae.Tests.Checkpoints.Pth;

/// <summary>
/// Writes pickle opcodes by hand, byte for byte as CPython's pickler would for protocol 2, so tests can craft
/// checkpoints (well-formed or hostile) without Python.
/// </summary>
internal sealed class PickleBuilder
{
    private readonly List<byte> _bytes = [];

    public byte[] ToArray() => [.. _bytes];

    public PickleBuilder Raw(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    private PickleBuilder Op(char op, params byte[] operand) => Raw([(byte)op, .. operand]);

    private PickleBuilder Op(byte op, params byte[] operand) => Raw([op, .. operand]);

    public PickleBuilder Proto(byte protocol = 2) => Op(0x80, protocol);
    public PickleBuilder Stop() => Op('.');
    public PickleBuilder Mark() => Op('(');
    public PickleBuilder None() => Op('N');
    public PickleBuilder Bool(bool value) => Op(value ? (byte)0x88 : (byte)0x89);
    public PickleBuilder EmptyDict() => Op('}');
    public PickleBuilder EmptyList() => Op(']');
    public PickleBuilder EmptyTuple() => Op(')');
    public PickleBuilder Tuple() => Op('t');
    public PickleBuilder Tuple1() => Op(0x85);
    public PickleBuilder Tuple2() => Op(0x86);
    public PickleBuilder Tuple3() => Op(0x87);
    public PickleBuilder Append() => Op('a');
    public PickleBuilder Appends() => Op('e');
    public PickleBuilder SetItem() => Op('s');
    public PickleBuilder SetItems() => Op('u');
    public PickleBuilder Reduce() => Op('R');
    public PickleBuilder NewObj() => Op(0x81);
    public PickleBuilder Build() => Op('b');
    public PickleBuilder BinPersId() => Op('Q');
    public PickleBuilder Put(byte index) => Op('q', index);
    public PickleBuilder Get(byte index) => Op('h', index);

    public PickleBuilder LongGet(uint index)
    {
        var operand = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(operand, index);
        return Op('j', operand);
    }

    public PickleBuilder Global(string module, string name) => Op('c', Encoding.ASCII.GetBytes($"{module}\n{name}\n"));

    public PickleBuilder Str(string value)
    {
        var utf8 = Encoding.UTF8.GetBytes(value);
        var length = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)utf8.Length);
        return Op('X', [.. length, .. utf8]);
    }

    /// <summary>The smallest int opcode CPython would choose (BININT1, BININT2, BININT, else LONG1).</summary>
    public PickleBuilder Int(long value)
    {
        if (value is >= 0 and <= 0xFF)
            return Op('K', (byte)value);
        if (value is >= 0 and <= 0xFFFF)
            return Op('M', (byte)value, (byte)(value >> 8));
        if (value is >= int.MinValue and <= int.MaxValue)
        {
            var operand = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(operand, (int)value);
            return Op('J', operand);
        }
        return Long1(new System.Numerics.BigInteger(value));
    }

    public PickleBuilder Long1(System.Numerics.BigInteger value)
    {
        var bytes = value.ToByteArray(isUnsigned: false, isBigEndian: false);
        return Op(0x8a, [(byte)bytes.Length, .. bytes]);
    }

    public PickleBuilder Float(double value)
    {
        var operand = new byte[8];
        BinaryPrimitives.WriteDoubleBigEndian(operand, value);
        return Op('G', operand);
    }

    public PickleBuilder Ints(params long[] values)
    {
        if (values.Length == 0)
            return EmptyTuple();
        if (values.Length > 3)
            Mark();
        foreach (var v in values)
            Int(v);
        return values.Length switch { 1 => Tuple1(), 2 => Tuple2(), 3 => Tuple3(), _ => Tuple() };
    }

    /// <summary>
    /// <c>torch._utils._rebuild_tensor_v2(('storage', torch.&lt;storageType&gt;, key, 'cpu', numel), offset, size,
    /// stride, False, OrderedDict())</c>, as torch.save writes it.
    /// </summary>
    public PickleBuilder Tensor(string storageType, string key, long numel, long offset, long[] size, long[] stride)
    {
        Global("torch._utils", "_rebuild_tensor_v2");
        Mark();
        Mark().Str("storage").Global("torch", storageType).Str(key).Str("cpu").Int(numel).Tuple().BinPersId();
        Int(offset).Ints(size).Ints(stride).Bool(false);
        Global("collections", "OrderedDict").EmptyTuple().Reduce();
        return Tuple().Reduce();
    }

    /// <summary>A contiguous tensor over the whole storage.</summary>
    public PickleBuilder Tensor(string storageType, string key, params long[] size)
    {
        var stride = new long[size.Length];
        long step = 1;
        for (var i = size.Length - 1; i >= 0; i--)
        {
            stride[i] = step;
            step *= size[i];
        }
        return Tensor(storageType, key, step, 0, size, stride);
    }

    /// <summary><c>{name: tensor, ...}</c> as a plain dict; each writer emits one value.</summary>
    public PickleBuilder Dict(params (string Key, Action<PickleBuilder> Value)[] items)
    {
        EmptyDict();
        if (items.Length == 0)
            return this;
        Mark();
        foreach (var (key, value) in items)
        {
            Str(key);
            value(this);
        }
        return SetItems();
    }
}
