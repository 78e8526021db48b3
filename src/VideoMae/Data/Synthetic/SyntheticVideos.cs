using VideoMae.Data.Loading;

namespace VideoMae.Data.Synthetic;

/// <summary>One object's state in one frame: centre and radius in pixels, angle in radians (positive = clockwise on screen), opacity.</summary>
public readonly record struct ObjectState(double X, double Y, double Radius, double Angle, double Opacity);

/// <summary>A rendered synthetic video with its ground truth.</summary>
/// <param name="Frames">RGB24 frames, Size·Size·3 bytes each.</param>
/// <param name="ObjectMask">Per frame, per pixel: whether an object covers it (for checking the class from pixels).</param>
/// <param name="Objects">Per frame, the state of each object.</param>
/// <param name="Label">Class index in the kind's label space, −1 for the unlabeled hybrid.</param>
/// <param name="ClassName">Class name, or the underlying class for hybrid videos.</param>
public sealed record SyntheticClip(byte[][] Frames, bool[][] ObjectMask, ObjectState[][] Objects, int Label, string ClassName);

/// <summary>
/// Procedural videos: one to three textured objects over a textured background that pans. Everything random about a
/// video (shape, texture, colours, start position, background, pan) is drawn from a generator seeded by (seed, kind,
/// index) alone. In the motion sets those draws do not depend on the class, so only the change over time tells it.
/// </summary>
public static class SyntheticVideos
{
    private const double Travel = 0.35;   // fraction of the frame an object moves over a clip

    /// <summary>The label of video <paramref name="index"/>: classes cycle through the index (−1 for hybrid videos).</summary>
    public static int Label(SyntheticKind kind, int index) => kind == SyntheticKind.Hybrid ? -1 : index % SyntheticClasses.Of(kind).Count;

    /// <summary>Renders video <paramref name="index"/> of a set.</summary>
    public static SyntheticClip Render(SyntheticKind kind, int index, SynthSettings settings)
    {
        settings.Validate();
        var rng = new Random(Seeds.Mix(settings.Seed, (long)kind, index));
        return kind switch
        {
            SyntheticKind.Motion => Motion(SyntheticClasses.Motion, Label(kind, index), rng, settings),
            SyntheticKind.MotionAlt => Motion(SyntheticClasses.MotionAlt, Label(kind, index), rng, settings),
            SyntheticKind.Appearance => Appearance(Label(kind, index), rng, settings),
            SyntheticKind.AppearanceHard => AppearanceHard(Label(kind, index), rng, settings),
            SyntheticKind.Hybrid => (index % 2 == 0
                ? Motion(SyntheticClasses.Motion, index / 2 % SyntheticClasses.Motion.Count, rng, settings)
                : Appearance(index / 2 % SyntheticClasses.Appearance.Count, rng, settings)) with { Label = -1 },
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    private sealed record Look(Shape Shape, Texture Texture, int Scheme, double Frequency);

    private static Look RandomLook(Random rng) =>
        new((Shape)rng.Next(4), (Texture)rng.Next(3), rng.Next(Painting.Schemes.Length), 1.5 + rng.NextDouble() * 1.5);

    private static SyntheticClip Motion(IReadOnlyList<string> classes, int label, Random rng, SynthSettings s)
    {
        var name = classes[label];
        var size = (double)s.Size;
        // Class-independent draws first, in a fixed order: the start of every clip has the same distribution,
        // so a moving object may leave the frame partly rather than start on the side it moves away from.
        var look = RandomLook(rng) with { Shape = rng.Next(2) == 0 ? Shape.Square : Shape.Cross };   // rotation must be visible
        var partner = RandomLook(rng);
        var (x0, y0) = (size * (0.4 + 0.2 * rng.NextDouble()), size * (0.4 + 0.2 * rng.NextDouble()));
        var radius = size * (0.11 + 0.03 * rng.NextDouble());
        var angle0 = rng.NextDouble() * Math.PI;
        var background = Background.Random(rng, size).As(s.Background);
        var gap0 = size * (0.18 + 0.12 * rng.NextDouble());
        var d = Travel * size;
        ObjectState[] At(double t)
        {
            var o = new ObjectState(x0, y0, radius, angle0, 1);
            var centred = o with { X = size / 2, Y = size / 2 };
            return name switch
            {
                "move left" or "sliding left" => [o with { X = x0 - d * t }],
                "move right" or "sliding right" => [o with { X = x0 + d * t }],
                "move up" => [o with { Y = y0 - d * t }],
                "move down" => [o with { Y = y0 + d * t }],
                "rotate clockwise" or "turning clockwise" => [o with { Angle = angle0 + Math.PI * t }],
                "rotate counterclockwise" => [o with { Angle = angle0 - Math.PI * t }],
                "grow" or "expanding" => [o with { Radius = radius * (1 + 1.2 * t) }],
                "shrink" => [o with { Radius = radius * (1 - 0.55 * t) }],
                "approach" => Pair(centred, gap0 * (1 - 0.6 * t)),
                "separate" => Pair(centred, gap0 * (1 + 0.9 * t)),
                "appear" => [o with { Opacity = t < 0.4 ? 0 : 1 }],
                "disappear" or "vanishing" => [o with { Opacity = t < 0.6 ? 1 : 0 }],
                "bounce" => [o with { Y = y0 - d * Math.Sin(Math.PI * t) }],
                "zigzag right" => [o with { X = x0 + d * t, Y = y0 + 0.15 * size * Math.Sin(6 * Math.PI * t) }],
                "spin and shrink" => [o with { Angle = angle0 + 2 * Math.PI * t, Radius = radius * (1.4 - 0.8 * t) }],
                _ => throw new InvalidOperationException($"no motion for class '{name}'"),
            };
        }
        return Draw(s, background, [look, partner], At, label, name);
    }

    private static ObjectState[] Pair(ObjectState centre, double gap) =>
        [centre with { X = centre.X - gap / 2 }, centre with { X = centre.X + gap / 2 }];

    private static SyntheticClip Appearance(int label, Random rng, SynthSettings s)
    {
        var (name, shape, texture, scheme) = SyntheticClasses.Appearance[label];
        var size = (double)s.Size;
        var look = new Look(shape, texture, scheme, 1.5 + rng.NextDouble() * 1.5);
        var wander = Wander(rng, size, 0.14);
        var background = Background.Random(rng, size, muted: true).As(s.Background);
        return Draw(s, background, [look], t => [wander(t)], label, name);
    }

    private const int Distractors = 2;

    private static SyntheticClip AppearanceHard(int label, Random rng, SynthSettings s)
    {
        var classes = SyntheticClasses.AppearanceHard;
        var (name, shape, scheme) = classes[label];
        var size = (double)s.Size;
        Look LookOf(int c) => new(classes[c].Shape, (Texture)rng.Next(3), classes[c].Scheme, 1.5 + rng.NextDouble() * 1.5);
        // A distractor is any other class, so it may share the target's shape or its colour, never both.
        var others = Enumerable.Range(0, Distractors).Select(_ => (label + 1 + rng.Next(classes.Count - 1)) % classes.Count).ToArray();
        var looks = others.Select(LookOf).Append(LookOf(label)).ToArray();
        // Radii of 0.06–0.08 of the frame for the distractors and 0.12–0.16 for the target: the largest object is the
        // class at every frame (all pulse in phase), at 32 px as at 64.
        var wanderers = others.Select(_ => Wander(rng, size, 0.06)).Append(Wander(rng, size, 0.12)).ToArray();
        var background = Background.Random(rng, size, muted: true).As(s.Background);
        // The target is drawn last, on top: a distractor may pass behind it but never hides it.
        return Draw(s, background, looks, t => [.. wanderers.Select(w => w(t))], label, name);
    }

    /// <summary>An object that drifts in a straight line from a random start, spins and pulses; its radius is
    /// <paramref name="radius"/> to <paramref name="radius"/> + 0.04 of the frame.</summary>
    private static Func<double, ObjectState> Wander(Random rng, double size, double radius)
    {
        var (x0, y0) = (size * (0.3 + 0.4 * rng.NextDouble()), size * (0.3 + 0.4 * rng.NextDouble()));
        var heading = rng.NextDouble() * 2 * Math.PI;
        var speed = size * 0.25 * rng.NextDouble();
        var r = size * (radius + 0.04 * rng.NextDouble());
        var spin = (rng.NextDouble() - 0.5) * Math.PI;
        return t => new(x0 + speed * t * Math.Cos(heading), y0 + speed * t * Math.Sin(heading), r * (1 + 0.15 * Math.Sin(2 * Math.PI * t)), spin * t, 1);
    }

    private static SyntheticClip Draw(SynthSettings s, Background background, Look[] looks, Func<double, ObjectState[]> at, int label, string name)
    {
        var n = s.Size;
        var frames = new byte[s.Frames][];
        var masks = new bool[s.Frames][];
        var states = new ObjectState[s.Frames][];
        for (var f = 0; f < s.Frames; f++)
        {
            var t = s.Frames == 1 ? 0 : (double)f / (s.Frames - 1);
            var objects = at(t);
            var frame = new byte[n * n * 3];
            var mask = new bool[n * n];
            for (var y = 0; y < n; y++)
                for (var x = 0; x < n; x++)
                {
                    var (r, g, b) = background.At(x, y, t);
                    for (var o = 0; o < objects.Length; o++)
                    {
                        var obj = objects[o];
                        if (obj.Opacity <= 0)
                            continue;
                        var (cos, sin) = (Math.Cos(obj.Angle), Math.Sin(obj.Angle));
                        var (dx, dy) = ((x + 0.5 - obj.X) / obj.Radius, (y + 0.5 - obj.Y) / obj.Radius);
                        // Rotate the pixel into the object's frame (screen y points down, so +angle turns clockwise).
                        var (u, v) = (cos * dx + sin * dy, -sin * dx + cos * dy);
                        var look = looks[o % looks.Length];
                        if (!Painting.Inside(look.Shape, u, v))
                            continue;
                        var colour = Painting.Schemes[look.Scheme][Painting.First(look.Texture, u, v, look.Frequency) ? 0 : 1];
                        (r, g, b) = colour;
                        mask[y * n + x] = true;
                    }
                    var i = (y * n + x) * 3;
                    (frame[i], frame[i + 1], frame[i + 2]) = (r, g, b);
                }
            frames[f] = frame;
            masks[f] = mask;
            states[f] = objects;
        }
        return new SyntheticClip(frames, masks, states, label, name);
    }

    /// <summary>A two-colour stripe pattern at a random angle that pans at a random velocity (one still colour when plain).</summary>
    private sealed record Background(double Cos, double Sin, double Period, double Pan, (byte, byte, byte) A, (byte, byte, byte) B)
    {
        public static Background Random(Random rng, double size, bool muted = false)
        {
            var angle = rng.NextDouble() * Math.PI;
            (byte, byte, byte) Colour() => muted
                ? ((byte)(70 + rng.Next(60)), (byte)(70 + rng.Next(60)), (byte)(70 + rng.Next(60)))
                : ((byte)rng.Next(40, 200), (byte)rng.Next(40, 200), (byte)rng.Next(40, 200));
            return new Background(Math.Cos(angle), Math.Sin(angle), size * (0.15 + 0.2 * rng.NextDouble()), size * (rng.NextDouble() - 0.5) * 0.3, Colour(), Colour());
        }

        // Drawn in full either way, so a plain video keeps every other draw of its striped twin.
        public Background As(SyntheticBackground style) => style == SyntheticBackground.Plain ? this with { B = A, Pan = 0 } : this;

        public (byte, byte, byte) At(int x, int y, double t)
        {
            var phase = (x * Cos + y * Sin + Pan * t) / Period;
            return Math.Floor(phase) % 2 == 0 ? A : B;
        }
    }
}
