using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Scripting;
using NeuronLab.Interactive;
using NeuronLab.Kernel.Execution;
using NeuronLab.Kernel.Protocol;

namespace NeuronLab.Kernel;

internal sealed partial class KernelServer : IMagicContext
{
    /// <summary>How long a cell may ignore an interrupt before the kernel abandons it and answers.</summary>
    internal static TimeSpan InterruptGrace { get; set; } = TimeSpan.FromSeconds(2);

    private volatile CancellationTokenSource? _cellCancellation;

    /// <summary>What a cell produced: a value or an error.</summary>
    private sealed record CellOutcome(CellResult Result, Exception? Error);

    private void InterruptCell()
    {
        try
        {
            _cellCancellation?.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private JsonObject Execute(Message request)
    {
        var code = (string?)request.Content["code"] ?? "";
        var silent = IsSilent(request);
        var storeHistory = !silent && (request.Content["store_history"]?.GetValue<bool>() ?? true);
        if (storeHistory)
            _executionCount++;
        var count = _executionCount;
        if (storeHistory)
            _history.Add(count, code);
        if (!silent)
            Publish(request, "execute_input", new JsonObject { ["code"] = code, ["execution_count"] = count });

        _currentParent = request;
        var payload = new JsonArray();
        CellOutcome outcome;
        if (PagerRequest(code) is { } pagerTarget)
        {
            var inspection = _csharp.Inspect(pagerTarget, pagerTarget.Length);
            payload.Add(new JsonObject
            {
                ["source"] = "page",
                ["data"] = new JsonObject { ["text/plain"] = inspection?.Text ?? $"Object `{pagerTarget}` not found." },
                ["start"] = 0,
            });
            outcome = new CellOutcome(default, null);
        }
        else
        {
            outcome = RunCell(code);
        }
        _stdout.Flush();
        _stderr.Flush();

        if (outcome.Error is { } error)
        {
            var (ename, evalue, traceback) = Describe(error);
            if (!silent)
                Publish(request, "error", new JsonObject { ["ename"] = ename, ["evalue"] = evalue, ["traceback"] = Strings(traceback) });
            return new JsonObject
            {
                ["status"] = "error", ["execution_count"] = count,
                ["ename"] = ename, ["evalue"] = evalue, ["traceback"] = Strings(traceback),
            };
        }
        if (outcome.Result.HasValue && !silent)
        {
            var bundle = Formatter.Format(outcome.Result.Value);
            if (storeHistory)
                _history.SetOutput(count, (string)bundle[MimeBundle.PlainText]);
            Publish(request, "execute_result", new JsonObject
            {
                ["execution_count"] = count, ["data"] = bundle.ToJson(), ["metadata"] = new JsonObject(),
            });
        }
        return new JsonObject
        {
            ["status"] = "ok", ["execution_count"] = count, ["payload"] = payload, ["user_expressions"] = new JsonObject(),
        };
    }

    /// <summary><c>Name?</c> or <c>?Name</c> asks for the pager (IPython style).</summary>
    private static string? PagerRequest(string code)
    {
        var m = Regex.Match(code.Trim(), @"^\??([A-Za-z_][\w.]*)\?$|^\?([A-Za-z_][\w.]*)$");
        return m.Success ? (m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value) : null;
    }

    /// <summary>Runs the cell on its own thread so an interrupt can return control even if the cell ignores it.</summary>
    private CellOutcome RunCell(string code)
    {
        using var cancellation = new CancellationTokenSource();
        _cellCancellation = cancellation;
        var done = new TaskCompletionSource<CellOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            CellContext.Enter(cancellation.Token);
            try
            {
                CellResult result = default;
                _magics.RunAsync(code, this, async rest => result = await _csharp.RunAsync(rest, cancellation.Token).ConfigureAwait(false))
                    .GetAwaiter().GetResult();
                done.TrySetResult(new CellOutcome(result, null));
            }
            catch (Exception e)
            {
                done.TrySetResult(new CellOutcome(default, e));
            }
        }) { IsBackground = true, Name = "cell", };
        // Roslyn's parser and binder recurse deeply on large cells.
        thread.Start();
        try
        {
            var handles = new[] { ((IAsyncResult)done.Task).AsyncWaitHandle, cancellation.Token.WaitHandle };
            if (WaitHandle.WaitAny(handles) == 0 || done.Task.Wait(InterruptGrace))
            {
                var outcome = done.Task.Result;
                return cancellation.IsCancellationRequested && outcome.Error is not null and not OperationCanceledException
                    ? outcome with { Error = new OperationCanceledException("Cell interrupted.", outcome.Error) }
                    : outcome;
            }
            Log.Write("cell ignored the interrupt; abandoning it");
            return new CellOutcome(default, new CellAbandonedException());
        }
        finally
        {
            _cellCancellation = null;
        }
    }

    private sealed class CellAbandonedException() : Exception(
        $"The cell did not stop within {InterruptGrace.TotalSeconds:0.#} s of the interrupt, so the kernel stopped waiting for it. " +
        "It may still run in the background; its new variables are not kept. Long loops should poll CancellationToken.");

    private static (string Ename, string Evalue, List<string> Traceback) Describe(Exception error)
    {
        switch (error)
        {
            case CompilationErrorException c:
                var diagnostics = c.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
                return ("CompilationError", diagnostics.FirstOrDefault() ?? c.Message, diagnostics.Count > 0 ? diagnostics : [c.Message]);
            case MagicException m:
                return ("MagicError", m.Message, [m.Message]);
            case CellAbandonedException a:
                return ("Interrupted", a.Message, [a.Message]);
            case OperationCanceledException o:
                return ("Interrupted", "Cell interrupted.", [$"Interrupted: {o.Message}"]);
        }
        var ename = error.GetType().Name;
        var traceback = new List<string> { $"{error.GetType().FullName}: {error.Message}" };
        // The user's frames come first; cut at the kernel's own (they say nothing about the user's code).
        traceback.AddRange((error.StackTrace ?? "").Split('\n')
            .Select(l => l.TrimEnd())
            .TakeWhile(l => !l.Contains(" NeuronLab.Kernel.", StringComparison.Ordinal) && !l.Contains(" NeuronLab.Interactive.MagicRegistry", StringComparison.Ordinal))
            .Where(l => l.Length > 0 && !l.Contains("Microsoft.CodeAnalysis.Scripting", StringComparison.Ordinal)
                && !l.Contains("System.Runtime.CompilerServices", StringComparison.Ordinal)
                && !l.Contains("System.Runtime.ExceptionServices", StringComparison.Ordinal)
                && !l.Contains("--- End of stack trace", StringComparison.Ordinal)));
        for (var inner = error.InnerException; inner is not null; inner = inner.InnerException)
            traceback.Add($" ---> {inner.GetType().FullName}: {inner.Message}");
        return (ename, error.Message, traceback);
    }

    private static JsonArray Strings(IEnumerable<string> items) => new([.. items.Select(s => (JsonNode?)JsonValue.Create(s))]);

    private JsonObject Complete(JsonObject content)
    {
        var code = (string?)content["code"] ?? "";
        var cursor = CodePoints.ToUtf16(code, content["cursor_pos"]?.GetValue<int>() ?? code.Length);
        var completions = _csharp.Complete(code, cursor);
        return new JsonObject
        {
            ["status"] = "ok",
            ["matches"] = Strings(completions.Matches),
            ["cursor_start"] = CodePoints.FromUtf16(code, completions.Start),
            ["cursor_end"] = CodePoints.FromUtf16(code, completions.End),
            ["metadata"] = new JsonObject(),
        };
    }

    private JsonObject Inspect(JsonObject content)
    {
        var code = (string?)content["code"] ?? "";
        var cursor = CodePoints.ToUtf16(code, content["cursor_pos"]?.GetValue<int>() ?? code.Length);
        var inspection = _csharp.Inspect(code, cursor);
        return new JsonObject
        {
            ["status"] = "ok",
            ["found"] = inspection is not null,
            ["data"] = inspection is null ? new JsonObject() : new JsonObject { ["text/plain"] = inspection.Text },
            ["metadata"] = new JsonObject(),
        };
    }

    private JsonObject IsComplete(JsonObject content)
    {
        var status = _csharp.IsComplete((string?)content["code"] ?? "");
        var reply = new JsonObject { ["status"] = status };
        if (status == "incomplete")
            reply["indent"] = "    ";
        return reply;
    }

    TextWriter IMagicContext.Out => Console.Out;
    IReadOnlyList<VariableInfo> IMagicContext.Variables => _csharp.Variables;
    MagicRegistry IMagicContext.Magics => _magics;
    CancellationToken IMagicContext.CancellationToken => CellContext.CancellationToken;
}

/// <summary>Jupyter counts cursor positions in Unicode code points (protocol 5.2+); .NET strings are UTF-16.</summary>
internal static class CodePoints
{
    public static int ToUtf16(string text, int codePoints)
    {
        var i = 0;
        for (var k = 0; k < codePoints && i < text.Length; k++)
            i += char.IsHighSurrogate(text[i]) && i + 1 < text.Length ? 2 : 1;
        return i;
    }

    public static int FromUtf16(string text, int index)
    {
        var n = 0;
        for (var i = 0; i < index && i < text.Length; i++)
        {
            if (!char.IsLowSurrogate(text[i]))
                n++;
        }
        return n;
    }
}
