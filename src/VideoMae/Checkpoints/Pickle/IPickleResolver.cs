namespace VideoMae.Checkpoints.Pickle;

/// <summary>
/// Everything in a pickle that could run code goes through here: globals, persistent ids, calls, object creation
/// and state. <see cref="PickleMachine"/> itself only builds plain containers and scalars.
/// </summary>
internal interface IPickleResolver
{
    /// <summary>The value of <c>GLOBAL module name</c>; throws for anything outside the allow-list.</summary>
    object FindGlobal(string module, string name, PickleContext at);

    /// <summary>The object a persistent id stands for (<c>BINPERSID</c>).</summary>
    object? PersistentLoad(object? pid, PickleContext at);

    /// <summary>The result of <c>callable(*args)</c> (<c>REDUCE</c>).</summary>
    object? Reduce(object? callable, object?[] args, PickleContext at);

    /// <summary>The result of <c>cls.__new__(cls, *args)</c> (<c>NEWOBJ</c>).</summary>
    object? NewObj(object? cls, object?[] args, PickleContext at);

    /// <summary>Applies <c>BUILD</c>'s <paramref name="state"/> to <paramref name="target"/>, which stays on the stack.</summary>
    void Build(object? target, object? state, PickleContext at);
}
