"""jupyter_kernel_test conformance suite for the NeuronLab C# kernel (run by KernelConformanceTests)."""
import unittest

import jupyter_kernel_test


class NeuronLabKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "neuronlab"
    language_name = "C#"
    file_extension = ".cs"
    code_hello_world = 'Console.WriteLine("hello, world");'
    code_stderr = 'Console.Error.WriteLine("oops");'
    completion_samples = [
        {"text": "Math.Ab", "matches": {"Abs"}},
        {"text": "var someNumbers = new List<int>(); someNum", "matches": {"someNumbers"}},
    ]
    complete_code_samples = ["1", 'Console.WriteLine("hello, world");', "int Twice(int x) => x * 2;", "#!time\nvar a = 1;"]
    incomplete_code_samples = ["int Twice(int x) {", 'var s = "abc" +', "for (var i = 0; i < 3; i++)"]
    invalid_code_samples = ["int = 7q;"]
    code_page_something = "Console?"
    code_generate_error = 'throw new InvalidOperationException("boom");'
    code_execute_result = [
        {"code": "1+2+3", "result": "6"},
        {"code": "new[] { 1, 4, 9 }", "result": "[1, 4, 9]"},
        {"code": "new Figure().AddLine(new[] { 0.0, 1 }, new[] { 0.0, 1 })", "mime": "text/html"},
    ]
    code_display_data = [
        {"code": "display(new Figure().AddLine(new[] { 0.0, 1, 2 }, new[] { 1.0, 0, 1 }));", "mime": "application/vnd.plotly.v1+json"},
        {"code": 'display("<b>test</b>", "text/html");', "mime": "text/html"},
    ]
    code_history_pattern = "1?2*"
    supported_history_operations = ("tail", "range", "search")
    code_inspect_sample = "Math.Abs"
    code_clear_output = "ClearOutput();"


if __name__ == "__main__":
    unittest.main()
