namespace VideoMae;

/// <summary>
/// The kebab-case names of an enum's values in config files and on the command line, both ways, parsed once at the
/// edge. A value may have aliases (accepted, never written); a value without a name cannot be written.
/// </summary>
/// <typeparam name="T">The enum.</typeparam>
public sealed class EnumNames<T> where T : struct, Enum
{
    private readonly Dictionary<string, T> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<T, string> _byValue = [];

    /// <summary>A table whose first name for each value is the one written.</summary>
    /// <param name="what">What the values are, for error messages ("loss", "crop").</param>
    /// <param name="names">Name → value pairs; a later name of the same value is an alias.</param>
    public EnumNames(string what, params (string Name, T Value)[] names)
    {
        What = what;
        foreach (var (name, value) in names)
        {
            _byName.Add(name, value);
            _byValue.TryAdd(value, name);
        }
    }

    /// <summary>What the values are, as error messages name it.</summary>
    public string What { get; }

    /// <summary>The written names, in table order.</summary>
    public IReadOnlyCollection<string> Names => _byValue.Values;

    /// <summary>The value called <paramref name="name"/>, or an <see cref="ArgumentException"/> naming the accepted names.</summary>
    public T Parse(string name) =>
        _byName.TryGetValue(name, out var value) ? value
            : throw new ArgumentException($"{What} '{name}'; expected one of: {string.Join(", ", Names)}.", nameof(name));

    /// <summary>The written name of <paramref name="value"/>, or an <see cref="ArgumentException"/> when it has none.</summary>
    public string Name(T value) =>
        _byValue.TryGetValue(value, out var name) ? name
            : throw new ArgumentException($"{What} {value} has no name; expected one of: {string.Join(", ", Names)}.", nameof(value));
}
