using System.Collections.Generic;

namespace TinyNets.WorkedSolutions;

/// <summary>lhs = rhs[0] = rhs[1] …, one right-hand side per line, with an optional note after the last.</summary>
/// <param name="Lhs">The left-hand side.</param>
/// <param name="Relation">The first line's relation (= or ←); the later lines continue with =.</param>
/// <param name="Rhs">The right-hand sides, one per line.</param>
/// <param name="Note">Prose after the chain, or null.</param>
/// <param name="LineRelations">The relation of each line from the second on (a sum continued with +); null for = on every line.</param>
internal sealed record EquationChain(
    string Lhs, string Relation, IReadOnlyList<string> Rhs, string? Note = null, IReadOnlyList<string>? LineRelations = null)
{
    /// <summary>The relation that starts line <paramref name="line"/>.</summary>
    public string RelationOf(int line, string equals) =>
        line == 0 ? Relation : LineRelations is { } relations ? relations[line - 1] : equals;
}
