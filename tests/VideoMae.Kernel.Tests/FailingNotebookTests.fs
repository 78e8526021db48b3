namespace VideoMae.Kernel.Tests

open System.IO
open Xunit

type FailingNotebookTests() =
    [<Fact>]
    let ``nbconvert exits non-zero on a type error and reports the F# diagnostic`` () =
        let output = Directory.CreateTempSubdirectory("videomae-kernel-failing-").FullName
        try
            let run =
                Jupyter.nbconvert (Path.Combine(Repository.testsFolder, "Notebooks", "kernel-fails.ipynb"))
                    (Path.Combine(output, "executed.ipynb")) []
            Assert.NotEqual(0, run.ExitCode)
            Assert.Contains("CompilationError", run.Stderr)
            Assert.Contains("error FS0001: This expression was expected to have type", run.Stderr)
            Assert.DoesNotContain("after the error", run.Stdout + run.Stderr)
        finally
            Directory.Delete(output, true)
