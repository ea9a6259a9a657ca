using System.Buffers.Binary;
using System.Text;

namespace PruneLab.Runtime;

/// <summary>
/// Edits the version-needed table (<c>.gnu.version_r</c>) of a 64-bit little-endian ELF image in memory.
/// Marking a needed version weak (VER_FLG_WEAK) makes the dynamic loader warn instead of refusing the library
/// when the providing library lacks that version.
/// </summary>
public static class ElfVersionNeeds
{
    const uint ShtGnuVerneed = 0x6ffffffe;
    const ushort VerFlagWeak = 0x2;

    /// <summary>Names of the versions the image requires (all Vernaux entries).</summary>
    public static IReadOnlyList<string> List(byte[] elf)
    {
        var names = new List<string>();
        Walk(elf, (name, _) => names.Add(name));
        return names;
    }

    /// <summary>Sets VER_FLG_WEAK on every needed entry named <paramref name="version"/>; returns how many.</summary>
    public static int MarkWeak(byte[] elf, string version)
    {
        int count = 0;
        Walk(elf, (name, auxOffset) =>
        {
            if (name != version) return;
            var flags = elf.AsSpan(auxOffset + 4, 2);
            BinaryPrimitives.WriteUInt16LittleEndian(flags, (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(flags) | VerFlagWeak));
            count++;
        });
        return count;
    }

    static void Walk(byte[] elf, Action<string, int> visit)
    {
        var b = elf.AsSpan();
        if (b.Length < 64 || b[0] != 0x7f || b[1] != (byte)'E' || b[2] != (byte)'L' || b[3] != (byte)'F')
            throw new InvalidDataException("not an ELF image");
        if (b[4] != 2 || b[5] != 1)
            throw new InvalidDataException("only 64-bit little-endian ELF images are supported");

        long shoff = BinaryPrimitives.ReadInt64LittleEndian(b[0x28..]);
        int shentsize = BinaryPrimitives.ReadUInt16LittleEndian(b[0x3A..]);
        int shnum = BinaryPrimitives.ReadUInt16LittleEndian(b[0x3C..]);
        for (int i = 0; i < shnum; i++)
        {
            var sh = b[(int)(shoff + (long)i * shentsize)..];
            if (BinaryPrimitives.ReadUInt32LittleEndian(sh[4..]) != ShtGnuVerneed) continue;
            long offset = BinaryPrimitives.ReadInt64LittleEndian(sh[0x18..]);
            int link = (int)BinaryPrimitives.ReadUInt32LittleEndian(sh[0x28..]);
            long strtab = BinaryPrimitives.ReadInt64LittleEndian(b[(int)(shoff + (long)link * shentsize + 0x18)..]);

            // Verneed: vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32.
            // Vernaux: vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32.
            int need = (int)offset;
            while (true)
            {
                int cnt = BinaryPrimitives.ReadUInt16LittleEndian(b[(need + 2)..]);
                int aux = need + (int)BinaryPrimitives.ReadUInt32LittleEndian(b[(need + 8)..]);
                for (int k = 0; k < cnt; k++)
                {
                    int nameAt = (int)(strtab + BinaryPrimitives.ReadUInt32LittleEndian(b[(aux + 8)..]));
                    int end = b[nameAt..].IndexOf((byte)0);
                    visit(Encoding.ASCII.GetString(b.Slice(nameAt, end)), aux);
                    aux += (int)BinaryPrimitives.ReadUInt32LittleEndian(b[(aux + 12)..]);
                }
                uint next = BinaryPrimitives.ReadUInt32LittleEndian(b[(need + 12)..]);
                if (next == 0) break;
                need += (int)next;
            }
        }
    }
}
