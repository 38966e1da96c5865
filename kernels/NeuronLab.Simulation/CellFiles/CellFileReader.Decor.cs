using System.Collections.Immutable;
using NeuronLab.Model.Catalogue;
using NeuronLab.Model.Cells;
using NeuronLab.Model.Mechanisms;
using NeuronLab.Model.Nmodl;

namespace NeuronLab.Simulation.CellFiles;

public static partial class CellFileReader
{
    private sealed partial class Context
    {
        // ---- regions ----------------------------------------------------------------------------------------

        private void ReadNamedRegions(JsonCursor regions)
        {
            // Names first, so regions may refer to each other in any order.
            var entries = regions.Properties().ToList();
            foreach (var (name, value) in entries)
            {
                if (name == "all") throw value.Error("\"all\" is reserved and cannot be redefined");
                _namedRegions[name] = Region.All; // placeholder while reading
            }
            foreach (var (name, value) in entries) _namedRegions[name] = ReadRegion(value);
        }

        /// <summary>
        /// A region: "all", a standard name (soma, axon, dend, apic), a name from <c>regions</c>, or an object with
        /// exactly one of <c>tags</c>, <c>branches</c>, <c>compartments</c>, <c>union</c>.
        /// </summary>
        private Region ReadRegion(JsonCursor value)
        {
            if (value.Kind == System.Text.Json.JsonValueKind.String)
            {
                var name = value.String();
                if (name == "all") return Region.All;
                if (_namedRegions.ContainsKey(name) || Region.StandardNames.ContainsKey(name)) return Region.Named(name);
                throw value.Error($"unknown region \"{name}\"; known: all, {string.Join(", ", Region.StandardNames.Keys.Concat(_namedRegions.Keys).Distinct())}");
            }
            value.RequireObject("tags", "branches", "compartments", "union");
            var kinds = new[] { "tags", "branches", "compartments", "union" }.Where(value.Has).ToList();
            if (kinds.Count != 1) throw value.Error("a region object needs exactly one of \"tags\", \"branches\", \"compartments\", \"union\"");
            var list = value.Property(kinds[0]);
            switch (kinds[0])
            {
                case "tags":
                    return Union(list.Integers(0).Select(Region.Tagged));
                case "branches":
                {
                    if (_shape is not MorphologyShape) throw list.Error("branches exist only on a morphology (SWC); use \"compartments\" for a compartment list");
                    var ids = list.Integers(0);
                    CheckRange(list, ids, BranchCount, "branch");
                    return Region.OnBranches(ids);
                }
                case "compartments":
                {
                    if (_shape is not GraphShape) throw list.Error("compartment ids exist only on an explicit compartment list; use \"branches\" on a morphology");
                    var ids = list.Integers(0);
                    CheckRange(list, ids, CompartmentCount, "compartment");
                    return Region.OnCompartments(ids);
                }
                default:
                    return Union(list.Items().Select(ReadRegion));
            }
        }

        private static Region Union(IEnumerable<Region> parts)
        {
            var list = parts.ToImmutableArray();
            return list.Length == 1 ? list[0] : new UnionRegion(list);
        }

        private static void CheckRange(JsonCursor list, int[] ids, int count, string what)
        {
            if (ids.Length == 0) throw list.Error($"expected at least one {what}");
            for (var i = 0; i < ids.Length; i++)
                if (ids[i] >= count) throw new CellFileException(list.FileName, $"{list.Path}[{i}]", $"{what} {ids[i]} does not exist; the cell has {count} (0..{count - 1})");
        }

        private Region RegionOf(JsonCursor item) => item.Optional("region") is { } r ? ReadRegion(r) : Region.All;

        // ---- properties and mechanisms ----------------------------------------------------------------------

        private Decor ReadProperties(JsonCursor item, Decor decor)
        {
            item.RequireObject("region", "cm", "Ra", "v_init", "reversal");
            var region = RegionOf(item);
            if (!new[] { "cm", "Ra", "v_init", "reversal" }.Any(item.Has)) throw item.Error("expected at least one of cm, Ra, v_init, reversal");
            if (item.Optional("cm") is { } cm) decor = decor.With(region, new MembraneCapacitance(cm.PositiveNumber()));
            if (item.Optional("Ra") is { } ra) decor = decor.With(region, new AxialResistivity(ra.PositiveNumber()));
            if (item.Optional("v_init") is { } v) decor = decor.With(region, new InitialVoltage(v.Number()));
            if (item.Optional("reversal") is { } reversal)
                foreach (var (ion, value) in reversal.Properties()) decor = decor.With(region, new ReversalPotential(ion, value.Number()));
            return decor;
        }

        private Decor ReadMechanism(JsonCursor item, Decor decor)
        {
            item.RequireObject("name", "mod", "region", "parameters");
            if (item.Has("name") == item.Has("mod")) throw item.Error("expected exactly one of \"name\" (a catalogue mechanism) or \"mod\" (an NMODL file)");
            Mechanism mechanism;
            string source;
            if (item.Optional("name") is { } name)
            {
                var known = MechanismCatalogue.Names;
                if (!known.Contains(name.String(), StringComparer.Ordinal))
                    throw name.Error($"no catalogue mechanism \"{name.String()}\"; the catalogue has {string.Join(", ", known)} (or give a .mod file with \"mod\")");
                mechanism = MechanismCatalogue.Get(name.String());
                source = "catalogue";
            }
            else
            {
                var mod = item.Property("mod");
                source = Resolve(mod.String());
                if (!File.Exists(source)) throw mod.Error($"NMODL file not found: {source}");
                try
                {
                    mechanism = NmodlLoader.Load(source).Mechanism;
                }
                catch (Exception e) when (e is NmodlException or MechanismDefinitionException)
                {
                    throw mod.Error($"cannot load {Path.GetFileName(source)}: {e.Message}", e);
                }
            }
            if (_mechanisms.TryGetValue(mechanism.Name, out var earlier))
            {
                if (_mechanismSources[mechanism.Name] != source)
                    throw item.Error($"mechanism \"{mechanism.Name}\" was already inserted from {_mechanismSources[mechanism.Name]}; one name, one source");
                mechanism = earlier;
            }
            _mechanisms[mechanism.Name] = mechanism;
            _mechanismSources[mechanism.Name] = source;
            var paint = new MechanismPaint(mechanism);
            if (item.Optional("parameters") is { } parameters)
            {
                foreach (var (field, value) in parameters.Properties())
                {
                    if (!mechanism.Parameters.Any(p => p.Name == field))
                        throw value.Error($"mechanism \"{mechanism.Name}\" has no parameter \"{field}\"; parameters: {string.Join(", ", mechanism.Parameters.Select(p => p.Name))}");
                    paint = paint.With(field, value.Number());
                }
            }
            return decor.With(RegionOf(item), paint);
        }

        // ---- named parameters -------------------------------------------------------------------------------

        private ParameterDefinition ReadParameter(JsonCursor item)
        {
            item.RequireObject("name", "unit", "default", "lower", "upper", "targets");
            var name = item.Property("name").String();
            var unit = item.Optional("unit")?.String() ?? "1";
            var value = item.Property("default").Number();
            var lower = item.Optional("lower")?.Number();
            var upper = item.Optional("upper")?.Number();
            if (lower is { } lo && upper is { } hi && !(lo < hi)) throw item.Property("upper").Error($"the upper bound {hi} must exceed the lower bound {lo}");
            if (lower is { } l && value < l) throw item.Property("default").Error($"the default {value} is below the lower bound {l}");
            if (upper is { } u && value > u) throw item.Property("default").Error($"the default {value} is above the upper bound {u}");
            var targets = item.Property("targets").Items().Select(ReadTarget).ToImmutableArray();
            if (targets.IsEmpty) throw item.Property("targets").Error("expected at least one target");
            return new ParameterDefinition(name, unit, value, lower, upper, targets);
        }

        /// <summary>A target: <c>{"kind": "mechanism"|"reversal"|"cm"|"stimulus-gain", ...}</c>.</summary>
        private ParameterTarget ReadTarget(JsonCursor item)
        {
            var kind = item.Property("kind");
            switch (kind.String())
            {
                case "mechanism":
                {
                    item.RequireObject("kind", "region", "mechanism", "field");
                    var mechanismName = item.Property("mechanism");
                    if (!_mechanisms.TryGetValue(mechanismName.String(), out var mechanism))
                        throw mechanismName.Error($"mechanism \"{mechanismName.String()}\" is not inserted; inserted: {string.Join(", ", _mechanisms.Keys)}");
                    var field = item.Property("field");
                    if (!mechanism.Parameters.Any(p => p.Name == field.String()))
                        throw field.Error($"mechanism \"{mechanism.Name}\" has no parameter \"{field.String()}\"; parameters: {string.Join(", ", mechanism.Parameters.Select(p => p.Name))}");
                    return new MechanismFieldTarget(RegionOf(item), mechanism.Name, field.String());
                }
                case "reversal":
                    item.RequireObject("kind", "region", "ion");
                    return new ReversalPotentialTarget(RegionOf(item), item.Property("ion").String());
                case "cm":
                    item.RequireObject("kind", "region");
                    return new CapacitanceTarget(RegionOf(item));
                case "stimulus-gain":
                {
                    item.RequireObject("kind", "stimulus");
                    var stimulus = item.Property("stimulus");
                    if (!_stimuli.Contains(stimulus.String()))
                        throw stimulus.Error($"no stimulus \"{stimulus.String()}\"; stimuli: {string.Join(", ", _stimuli)}");
                    return new StimulusGainTarget(stimulus.String());
                }
                default:
                    throw kind.Error($"unknown target kind \"{kind.String()}\"; expected mechanism, reversal, cm or stimulus-gain");
            }
        }
    }
}
