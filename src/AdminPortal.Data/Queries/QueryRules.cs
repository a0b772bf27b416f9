using System.Linq.Expressions;

namespace AdminPortal.Data.Queries;

/// <summary>Runs a rule of the domain, written once as an expression, inside a database query.</summary>
public static class QueryRules
{
    /// <summary>
    /// The rows whose <paramref name="facts"/>, judged by <paramref name="rule"/>, give <paramref name="expected"/>: the
    /// rule's parameter is replaced by the query's own expression of the facts, so the database evaluates the very rule.
    /// </summary>
    public static IQueryable<TRow> WhereRule<TRow, TFacts, TResult>(this IQueryable<TRow> rows, Expression<Func<TFacts, TResult>> rule,
        Expression<Func<TRow, TFacts>> facts, TResult expected)
    {
        var judged = new Replace(rule.Parameters[0], facts.Body).Visit(rule.Body);
        return rows.Where(Expression.Lambda<Func<TRow, bool>>(Expression.Equal(judged, Expression.Constant(expected, typeof(TResult))), facts.Parameters));
    }

    private sealed class Replace(ParameterExpression parameter, Expression with) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == parameter ? with : base.VisitParameter(node);
    }
}
