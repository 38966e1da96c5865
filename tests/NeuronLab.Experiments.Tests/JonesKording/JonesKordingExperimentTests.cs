using NeuronLab.Experiments.JonesKording;

namespace NeuronLab.Experiments.Tests.JonesKording;

/// <summary>The quick Jones &amp; Kording experiments: epoch-0 losses and first Adam steps against the authors' runs.</summary>
public sealed class JonesKordingExperimentTests
{
    [Fact]
    public void JkFig3_Quick_AllClaimsPass() =>
        QuickExperiment.Run(new JkFig3Experiment(),
            ["stim_all_rec_all.epoch0-loss", "stim_all_rec_all.first-step", "stim_all_rec_all.tracks-paper"],
            ["fig3.svg", "fig3.html", "fig3_epochs.csv"]);

    [Fact]
    public void JkFig4_Quick_EveryConditionsEpochZeroAndFirstStepMatchThePaper()
    {
        string[] conditions =
        [
            "stim_all_rec_all", "stim_all_rec_0_1_5", "stim_all_rec_0_5", "stim_all_rec_0_1", "stim_all_rec_0",
            "stim_0_1_5_rec_all", "stim_0_5_rec_all", "stim_0_1_rec_all", "stim_0_rec_all",
        ];
        QuickExperiment.Run(new JkFig4Experiment(), [.. conditions.SelectMany(c => new[] { $"{c}.epoch0-loss", $"{c}.first-step" })],
            ["fig4_AE.svg", "fig4_F.svg", "fig4_GK.svg", "fig4_L.svg", "fig4_epochs.csv"]);
    }

    /// <summary>The 184-compartment model at quick size: reverse mode equals forward mode and central differences on the
    /// soma's tree, and Adam lowers the loss. The cost-scaling claim is timed on a shared machine: measured, not required.</summary>
    [Fact]
    public void JkGidon184_Quick_GradientChecksPassAndLossFalls() =>
        QuickExperiment.Run(new JkGidon184Experiment(),
            ["gradient.modes-agree", "gradient.finite-difference", "gradient.reverse-scales", "fit.loss-falls"],
            ["gidon184_fit.svg", "gidon184_fit.html", "gidon184_parameters.svg", "gidon184_epochs.csv", "gidon184_parameters.csv"],
            timingClaimIds: ["gradient.reverse-scales"]);
}
